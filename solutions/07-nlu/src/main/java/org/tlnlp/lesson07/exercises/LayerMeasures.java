package org.tlnlp.lesson07.exercises;

import org.tlnlp.analysis.Cka;
import org.tlnlp.analysis.ExpectedLayer;
import org.tlnlp.analysis.MutualInformation;
import org.tlnlp.grading.Exercise;
import org.tlnlp.nn.ScalarMix;

/**
 * Lesson 07, exercises 7.7 to 7.9: the three measures the layer-evolution part of lab 07 reads a network with. Each is
 * checked against scikit-learn, SciPy or NumPy ({@code testdata/layers/exercises.json}, made by
 * {@code tools/reference/layers_exercises.py}); grade them with {@code mvn test -pl lessons/07-nlu -am}. None may use
 * the library piece it teaches ({@code MutualInformation}, {@code Cka}, {@code ExpectedLayer}, {@code ScalarMix}).
 */
public final class LayerMeasures {

    private LayerMeasures() {
    }

    /**
     * Exercise 7.7. The plug-in mutual information of paired observations (xᵢ, yᵢ), i = 1..n, in nats: count the joint
     * n_xy and the marginals n_x and n_y, then
     *
     * <pre>
     *   I(X; Y) = Σ_{x,y: n_xy > 0} (n_xy / n) · ln( n · n_xy / (n_x · n_y) )
     * </pre>
     *
     * the mutual information of the empirical joint distribution (scikit-learn's {@code mutual_info_score}). This is
     * the last step of Voita et al.'s estimator: x is a token's k-means cluster at some layer, y the token's identity
     * (or its output label). The values are labels only, any ints (−7, 40, 1000 are three labels). Checks: samples laid
     * out so that their joint distribution is a known one (Y = X uniform over k gives ln k; independent X and Y give
     * 0; a binary symmetric channel with flip probability ε gives ln 2 − H(ε)), and scikit-learn's value on random
     * samples. Never negative: clamp rounding below zero to 0.
     *
     * @param x one label per observation
     * @param y one label per observation, as many as x (at least one)
     * @return I(X; Y) in nats
     */
    @Exercise(value = "7.7", mayNotUse = MutualInformation.class)
    public static double mutualInformation(int[] x, int[] y) {
        if (x.length != y.length || x.length == 0) {
            throw new IllegalArgumentException("expected paired observations, got " + x.length + " and " + y.length);
        }
        java.util.Map<Integer, Integer> nx = new java.util.HashMap<>();
        java.util.Map<Integer, Integer> ny = new java.util.HashMap<>();
        java.util.Map<Long, Integer> nxy = new java.util.HashMap<>();
        for (int i = 0; i < x.length; i++) {
            nx.merge(x[i], 1, Integer::sum);
            ny.merge(y[i], 1, Integer::sum);
            nxy.merge(((long) x[i] << 32) ^ (y[i] & 0xffffffffL), 1, Integer::sum);
        }
        double n = x.length;
        double mi = 0;
        for (java.util.Map.Entry<Long, Integer> e : nxy.entrySet()) {
            int a = (int) (e.getKey() >> 32);
            int b = (int) (long) e.getKey();
            double c = e.getValue();
            mi += c / n * Math.log(n * c / ((double) nx.get(a) * ny.get(b)));
        }
        return Math.max(0.0, mi);
    }

    /**
     * Exercise 7.8. Linear CKA (Kornblith, Norouzi, Lee and Hinton 2019) of two representations of the same n items:
     * x is n × d₁, y is n × d₂ (row i of both describes item i; the widths may differ). Centre each column (subtract
     * its mean over the rows), then
     *
     * <pre>
     *   CKA(X, Y) = ‖Yᵀ X‖²_F / (‖Xᵀ X‖_F · ‖Yᵀ Y‖_F)
     * </pre>
     *
     * with ‖A‖²_F the sum of A's squared entries. It lies in [0, 1] and is 1 for CKA(X, X). The tests check your value
     * against NumPy's (written from the paper's HSIC form, with centred Gram matrices X Xᵀ and Y Yᵀ, which is equal)
     * on Y and on three transforms of Y, and the invariances the paper argues for: the value does not change when Y
     * is rotated or reflected (Y Q with Q orthogonal) or scaled (c·Y), and it does change under an arbitrary
     * invertible linear map Y A. Work in double; rows far from the origin are why you centre first.
     *
     * @param x n rows of d₁ values
     * @param y n rows of d₂ values
     * @return linear CKA in [0, 1]
     */
    @Exercise(value = "7.8", mayNotUse = Cka.class)
    public static double linearCka(double[][] x, double[][] y) {
        double[][] xc = centred(x);
        double[][] yc = centred(y);
        double cross = squaredNorm(crossProduct(yc, xc));
        double xx = Math.sqrt(squaredNorm(crossProduct(xc, xc)));
        double yy = Math.sqrt(squaredNorm(crossProduct(yc, yc)));
        return cross / (xx * yy);
    }

    /**
     * Exercise 7.9. The expected layer of a scalar mix (Tenney, Das and Pavlick 2019): a mix learns one raw weight
     * w_ℓ per layer ℓ = 0..L (0 the embeddings) and mixes the layers with s = softmax(w), s_ℓ = exp(w_ℓ) / Σₖ exp(w_k);
     * its centre of gravity is
     *
     * <pre>
     *   E_s[ℓ] = Σ_ℓ ℓ · s_ℓ
     * </pre>
     *
     * (equal raw weights over layers 0..L give L / 2). A mix can learn large weights: exp(800) overflows a double,
     * so compute the softmax as exp(w_ℓ − max w) / Σₖ exp(w_k − max w), which is the same number. Checked against
     * SciPy's {@code softmax}.
     *
     * @param w the raw mix weights, one per layer, at least one
     * @return E_s[ℓ], in [0, L]
     */
    @Exercise(value = "7.9", mayNotUse = {ExpectedLayer.class, ScalarMix.class})
    public static double expectedLayer(double[] w) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : w) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double centre = 0;
        for (int l = 0; l < w.length; l++) {
            double e = Math.exp(w[l] - max);
            sum += e;
            centre += l * e;
        }
        return centre / sum;
    }

    /** Each column minus its mean over the rows. */
    private static double[][] centred(double[][] a) {
        int n = a.length;
        int d = a[0].length;
        double[] mean = new double[d];
        for (double[] row : a) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / n;
            }
        }
        double[][] out = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                out[i][j] = a[i][j] - mean[j];
            }
        }
        return out;
    }

    /** Aᵀ B for A (n × p) and B (n × q): p × q. */
    private static double[][] crossProduct(double[][] a, double[][] b) {
        int p = a[0].length;
        int q = b[0].length;
        double[][] out = new double[p][q];
        for (int i = 0; i < a.length; i++) {
            for (int r = 0; r < p; r++) {
                double v = a[i][r];
                for (int c = 0; c < q; c++) {
                    out[r][c] += v * b[i][c];
                }
            }
        }
        return out;
    }

    private static double squaredNorm(double[][] a) {
        double s = 0;
        for (double[] row : a) {
            for (double v : row) {
                s += v * v;
            }
        }
        return s;
    }
}
