package org.tlnlp.analysis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * Projection-weighted canonical correlation analysis (Morcos, Raghu and Bengio, 2018, "Insights on
 * representational similarity in neural networks with canonical correlation", NeurIPS), with SVCCA (Raghu, Gilmer,
 * Yosinski and Sohl-Dickstein, 2017) on the way: the similarity Voita et al. (2019) plot between layers and
 * between models. X is (n, d₁) and Y is (n, d₂), row i of both describing example i (the papers write neurons ×
 * data points, the transpose).
 *
 * <ol>
 *   <li>Centre each column. Keep, on each side, the fewest top singular directions that explain {@code keep}
 *       (99%) of its variance: Qx, an orthonormal basis of those directions in data space, (n, r); likewise Qy,
 *       (n, s). This drops the noise directions CCA would otherwise happily correlate.</li>
 *   <li>CCA of the reduced sides: the singular values ρ₁ ≥ … ≥ ρₘ (m = min(r, s)) of Qxᵀ Qy are the canonical
 *       correlations, and with Qxᵀ Qy = U P Wᵀ the canonical variates of X are the unit vectors hᵢ = Qx uᵢ in data
 *       space. SVCCA is the mean ρ.</li>
 *   <li>Weight each ρᵢ by how much of X it accounts for: αᵢ = Σⱼ |⟨hᵢ, xⱼ⟩| over X's centred neurons (columns)
 *       xⱼ, normalised to sum to 1 (Morcos et al.'s projection weighting); PWCCA = Σᵢ αᵢ ρᵢ. Canonical directions that many
 *       neurons lie along count for more than ones that explain little of X.</li>
 * </ol>
 *
 * The weights come from X, so PWCCA(X, Y) ≠ PWCCA(Y, X) in general. (The authors' published code differs in
 * details: it takes the weights from whichever side has fewer neurons and orthonormalises the variates first, so
 * its numbers can differ a little. We follow the paper's formula, and so does the NumPy reference the tests
 * compare with.)
 *
 * <p>The products with the data (column covariances, the bases, the projections) run on the engine in float64;
 * the d×d eigendecompositions and the r×s SVD, small, run on the host.
 */
public final class Pwcca {

    /** The share of variance SVD truncation keeps, Morcos et al.'s 99%. */
    public static final double DEFAULT_KEEP = 0.99;

    /**
     * The outcome of one comparison.
     *
     * @param similarity   PWCCA, Σ αᵢ ρᵢ, in [0, 1]; 1 − similarity is the paper's distance
     * @param svcca        the mean canonical correlation, SVCCA's similarity
     * @param correlations ρ, descending
     * @param weights      α, summing to 1, in the order of ρ
     * @param keptX        directions of X kept by the SVD truncation, r
     * @param keptY        directions of Y kept, s
     */
    public record Result(double similarity, double svcca, double[] correlations, double[] weights, int keptX,
                         int keptY) {

        public double distance() {
            return 1 - similarity;
        }
    }

    private Pwcca() {
    }

    /** PWCCA with 99% of each side's variance kept. */
    public static Result compute(NDArray x, NDArray y) {
        return compute(x, y, DEFAULT_KEEP);
    }

    /** PWCCA keeping the given share of each side's variance (1 keeps every direction with nonzero variance). */
    public static Result compute(NDArray x, NDArray y, double keep) {
        Cka.check(x, y);
        if (!(keep > 0 && keep <= 1)) {
            throw new IllegalArgumentException("expected a share of variance to keep in (0, 1], got " + keep);
        }
        try (NDManager scope = x.getManager().newSubManager()) {
            Scopes.borrow(scope, x, y);
            NDArray xc = Cka.centred(x.toType(DataType.FLOAT64, false));
            NDArray yc = Cka.centred(y.toType(DataType.FLOAT64, false));
            xc.attach(scope);
            yc.attach(scope);
            NDArray qx = retainedBasis(xc, keep);
            NDArray qy = retainedBasis(yc, keep);
            int r = (int) qx.getShape().get(1);
            int s = (int) qy.getShape().get(1);

            SingularValueDecomposition svd = new SingularValueDecomposition(
                    MatrixUtils.createRealMatrix(toHost(qx.transpose().matMul(qy))));
            int m = Math.min(r, s);
            double[] rho = new double[m];
            double[] sv = svd.getSingularValues();
            for (int i = 0; i < m; i++) {
                rho[i] = Math.min(1.0, Math.max(0.0, sv[i])); // cosines of principal angles: rounding may pass 1
            }
            RealMatrix u = svd.getU().getSubMatrix(0, r - 1, 0, m - 1);

            // hᵢ = Qx uᵢ, and αᵢ = Σⱼ |⟨hᵢ, xⱼ⟩| = Σⱼ |(Hᵀ Xc)ᵢⱼ|.
            NDArray h = qx.matMul(scope.create(flatten(u.getData()), new Shape(r, m)));
            double[] alpha = h.transpose().matMul(xc).abs().sum(new int[] {1}).toDoubleArray();
            double total = 0;
            for (double a : alpha) {
                total += a;
            }
            double pwcca = 0;
            double svcca = 0;
            for (int i = 0; i < m; i++) {
                alpha[i] /= total;
                pwcca += alpha[i] * rho[i];
                svcca += rho[i] / m;
            }
            return new Result(pwcca, svcca, rho, alpha, r, s);
        }
    }

    /**
     * Xc V_r Λ_r^(−1/2): the top r principal directions of the centred Xc in data space, orthonormal, with r the
     * fewest whose eigenvalues λ (variances, from Xcᵀ Xc = V Λ Vᵀ) sum to at least {@code keep} of the total.
     */
    private static NDArray retainedBasis(NDArray xc, double keep) {
        double[][] covariance = toHost(xc.transpose().matMul(xc));
        Object[] eig = SymmetricMatrices.eigenDescending(covariance);
        double[] lambda = (double[]) eig[0];
        double[][] v = (double[][]) eig[1];
        double total = 0;
        for (double l : lambda) {
            total += Math.max(0, l);
        }
        int r = 0;
        double sum = 0;
        while (r < lambda.length && lambda[r] > 0) {
            sum += lambda[r];
            r++;
            if (sum >= keep * total) {
                break;
            }
        }
        int d = lambda.length;
        double[] scaled = new double[d * r];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < r; j++) {
                scaled[i * r + j] = v[i][j] / Math.sqrt(lambda[j]);
            }
        }
        NDManager manager = xc.getManager();
        return xc.matMul(manager.create(scaled, new Shape(d, r)));
    }

    /** A small float64 matrix copied to the host. */
    private static double[][] toHost(NDArray m) {
        int rows = (int) m.getShape().get(0);
        int cols = (int) m.getShape().get(1);
        double[] flat = m.toType(DataType.FLOAT64, false).toDoubleArray();
        double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(flat, i * cols, out[i], 0, cols);
        }
        return out;
    }

    private static double[] flatten(double[][] a) {
        int cols = a[0].length;
        double[] f = new double[a.length * cols];
        for (int i = 0; i < a.length; i++) {
            System.arraycopy(a[i], 0, f, i * cols, cols);
        }
        return f;
    }
}
