package org.tlnlp.analysis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.tlnlp.engine.Rng;
import org.tlnlp.nn.HostArrays;

import java.util.Random;

/**
 * Domain adaptation by representation: a shared low-dimensional space learned from source and target
 * data together (the lecture's "represent both data in a shared low-dimensional space").
 *
 * <p>{@link #fit} centres the stacked rows of both domains and keeps the top {@code k} right singular
 * vectors (latent semantic analysis when the rows are tf-idf vectors of passages). Words that occur only
 * in the target land near the source words they co-occur with, so a classifier trained on projected source
 * rows can use them. {@link #coral} then aligns the second-order statistics of the two domains in that space
 * (Sun, Feng and Saenko, 2016, "Return of Frustratingly Easy Domain Adaptation").
 *
 * <p>The singular vectors come from a randomised range finder (Halko, Martinsson and Tropp, 2011): all
 * products with the data run on the engine; only (k+10)-square matrices are decomposed on the host.
 */
public final class SharedSpace implements AutoCloseable {

    private static final int OVERSAMPLE = 10;
    private static final int POWER_ITERATIONS = 3;

    private final NDArray mean;
    private final NDArray basis;
    private final double[] singularValues;

    private SharedSpace(NDArray mean, NDArray basis, double[] singularValues) {
        this.mean = mean;
        this.basis = basis;
        this.singularValues = singularValues;
    }

    /** Learns a k-dimensional space from the rows of both domains (labels are not used). */
    public static SharedSpace fit(NDArray source, NDArray target, int k, Rng rng) {
        NDManager manager = source.getManager();
        NDArray x = HostArrays.concatRows(source, target);
        long d = x.getShape().get(1);
        int l = (int) Math.min(k + OVERSAMPLE, Math.min(d, x.getShape().get(0)));
        if (k > l) {
            throw new IllegalArgumentException("k=" + k + " exceeds the data's rank bound " + l);
        }
        NDArray mean = x.mean(new int[] {0});
        try (NDManager scope = manager.newSubManager()) {
            NDArray xc = x.sub(mean);
            xc.attach(scope);
            NDArray omega = scope.create(gaussian(d, l, rng.random()), new Shape(d, l));
            NDArray y = orthonormalColumns(xc.matMul(omega));
            for (int i = 0; i < POWER_ITERATIONS; i++) {
                y = orthonormalColumns(xc.matMul(xc.transpose().matMul(y)));
            }
            NDArray b = y.transpose().matMul(xc); // (l, d): Xc ≈ Y B
            double[][] bbt = toHost(b.matMul(b.transpose()));
            Object[] eig = SymmetricMatrices.eigenDescending(bbt);
            double[] s2 = (double[]) eig[0];
            double[][] u = (double[][]) eig[1];
            double[] s = new double[k];
            float[] uk = new float[l * k];
            for (int j = 0; j < k; j++) {
                s[j] = Math.sqrt(Math.max(s2[j], 0));
                for (int i = 0; i < l; i++) {
                    uk[i * k + j] = (float) (u[i][j] / Math.max(s[j], 1e-12));
                }
            }
            // V_k = Bᵀ U_k Σ_k⁻¹: the top-k right singular vectors, (d, k).
            NDArray basis = b.transpose().matMul(scope.create(uk, new Shape(l, k)));
            basis.attach(manager);
            mean.attach(manager);
            x.close();
            return new SharedSpace(mean, basis, s);
        }
    }

    /** Rows of {@code x} in the shared space: (x − mean) V_k. */
    public NDArray project(NDArray x) {
        return x.sub(mean).matMul(basis);
    }

    public NDArray mean() {
        return mean;
    }

    /** The (d, k) matrix whose columns span the shared space. */
    public NDArray basis() {
        return basis;
    }

    public double[] singularValues() {
        return singularValues.clone();
    }

    /**
     * Standardises rows on their own column statistics: {@code (z − μ) / (σ + eps)} with σ the
     * population standard deviation. Applied to each domain separately, it aligns first and second moments
     * coordinate by coordinate (a diagonal CORAL).
     */
    public static NDArray standardize(NDArray z, float eps) {
        NDArray mu = z.mean(new int[] {0});
        NDArray centred = z.sub(mu);
        return centred.div(centred.square().mean(new int[] {0}).sqrt().add(eps));
    }

    /**
     * CORAL: recolours the source rows so that their covariance equals the target's,
     * {@code (Zs − μs) Cs^(-1/2) Ct^(1/2) + μt}, where C are covariances plus {@code eps}·I.
     */
    public static NDArray coral(NDArray source, NDArray target, double eps) {
        NDArray mus = source.mean(new int[] {0});
        NDArray mut = target.mean(new int[] {0});
        double[][] cs = covariance(source, mus, eps);
        double[][] ct = covariance(target, mut, eps);
        double[][] whiten = SymmetricMatrices.apply(cs, v -> 1.0 / Math.sqrt(v));
        double[][] colour = SymmetricMatrices.apply(ct, Math::sqrt);
        double[][] a = multiply(whiten, colour);
        NDArray am = source.getManager().create(flatten(a), new Shape(a.length, a.length));
        return source.sub(mus).matMul(am).add(mut);
    }

    private static double[][] covariance(NDArray z, NDArray mu, double eps) {
        NDArray c = z.sub(mu);
        double[][] cov = toHost(c.transpose().matMul(c).div(Math.max(1, z.getShape().get(0) - 1)));
        for (int i = 0; i < cov.length; i++) {
            cov[i][i] += eps;
        }
        return cov;
    }

    /** Y W Λ^(-1/2) where YᵀY = W Λ Wᵀ: orthonormal columns spanning the same space as Y's. */
    private static NDArray orthonormalColumns(NDArray y) {
        double[][] g = toHost(y.transpose().matMul(y));
        double trace = 0;
        for (int i = 0; i < g.length; i++) {
            trace += g[i][i];
        }
        double tiny = 1e-12 * trace;
        double[][] inverseRoot = SymmetricMatrices.apply(g, v -> v > tiny ? 1.0 / Math.sqrt(v) : 0.0);
        return y.matMul(y.getManager().create(flatten(inverseRoot), new Shape(g.length, g.length)));
    }

    static double[][] toHost(NDArray square) {
        int n = (int) square.getShape().get(0);
        int m = (int) square.getShape().get(1);
        float[] flat = square.toType(DataType.FLOAT32, false).toFloatArray();
        double[][] out = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                out[i][j] = flat[i * m + j];
            }
        }
        return out;
    }

    private static float[] flatten(double[][] a) {
        int m = a[0].length;
        float[] f = new float[a.length * m];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < m; j++) {
                f[i * m + j] = (float) a[i][j];
            }
        }
        return f;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        int m = b[0].length;
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < b.length; k++) {
                double aik = a[i][k];
                for (int j = 0; j < m; j++) {
                    c[i][j] += aik * b[k][j];
                }
            }
        }
        return c;
    }

    private static float[] gaussian(long rows, int cols, Random random) {
        float[] f = new float[(int) (rows * cols)];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) random.nextGaussian();
        }
        return f;
    }

    @Override
    public void close() {
        mean.close();
        basis.close();
    }
}
