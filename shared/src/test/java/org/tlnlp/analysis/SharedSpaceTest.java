package org.tlnlp.analysis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.apache.commons.math3.stat.correlation.Covariance;
import org.junit.jupiter.api.Test;
import org.tlnlp.nn.HostArrays;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SharedSpaceTest {

    /** Rows with a clear low-rank structure plus a little noise. */
    private static float[][] data(int n, int d, long seed, double shift) {
        Random r = new Random(seed);
        double[][] factors = new double[3][d];
        Random f = new Random(99);
        for (double[] row : factors) {
            for (int j = 0; j < d; j++) {
                row[j] = f.nextGaussian();
            }
        }
        float[][] x = new float[n][d];
        for (int i = 0; i < n; i++) {
            double a = r.nextGaussian() * 5;
            double b = r.nextGaussian() * 3;
            double c = r.nextGaussian() * 2;
            for (int j = 0; j < d; j++) {
                x[i][j] = (float) (a * factors[0][j] + b * factors[1][j] + c * factors[2][j] + 0.05 * r.nextGaussian() + shift);
            }
        }
        return x;
    }

    @Test
    void findsTheTopSingularSubspaceAnIndependentSvdFinds() {
        float[][] s = data(120, 30, 1, 0);
        float[][] t = data(80, 30, 2, 0.5);
        try (NDManager m = Engines.newManager()) {
            SharedSpace space = SharedSpace.fit(HostArrays.matrix(m, s), HostArrays.matrix(m, t), 3, new Rng(5));
            // Reference: commons-math's SVD of the same centred, stacked matrix.
            double[][] all = new double[200][30];
            double[] mean = new double[30];
            for (int i = 0; i < 200; i++) {
                float[] row = i < 120 ? s[i] : t[i - 120];
                for (int j = 0; j < 30; j++) {
                    all[i][j] = row[j];
                    mean[j] += row[j] / 200.0;
                }
            }
            for (double[] row : all) {
                for (int j = 0; j < 30; j++) {
                    row[j] -= mean[j];
                }
            }
            SingularValueDecomposition svd = new SingularValueDecomposition(MatrixUtils.createRealMatrix(all));
            double[] sv = space.singularValues();
            for (int k = 0; k < 3; k++) {
                assertEquals(svd.getSingularValues()[k], sv[k], 1e-3 * svd.getSingularValues()[k], "singular value " + k);
            }
            // Same subspace: the projector V Vᵀ agrees with the reference's.
            RealMatrix vRef = svd.getV().getSubMatrix(0, 29, 0, 2);
            float[][] basis = HostArrays.rows(space.basis());
            RealMatrix v = MatrixUtils.createRealMatrix(30, 3);
            for (int i = 0; i < 30; i++) {
                for (int j = 0; j < 3; j++) {
                    v.setEntry(i, j, basis[i][j]);
                }
            }
            RealMatrix diff = v.multiply(v.transpose()).subtract(vRef.multiply(vRef.transpose()));
            assertEquals(0.0, diff.getFrobeniusNorm(), 1e-3);
        }
    }

    @Test
    void coralGivesTheSourceTheTargetsCovariance() {
        Random r = new Random(4);
        float[][] s = new float[300][3];
        float[][] t = new float[300][3];
        for (int i = 0; i < 300; i++) {
            double a = r.nextGaussian();
            s[i] = new float[] {(float) a, (float) (0.2 * r.nextGaussian()), (float) (3 * r.nextGaussian())};
            double b = r.nextGaussian();
            t[i] = new float[] {(float) (2 * b + 1), (float) (b + r.nextGaussian()), (float) (0.5 * r.nextGaussian() - 2)};
        }
        try (NDManager m = Engines.newManager()) {
            NDArray aligned = SharedSpace.coral(HostArrays.matrix(m, s), HostArrays.matrix(m, t), 0.0);
            double[][] covAligned = new Covariance(toDouble(HostArrays.rows(aligned))).getCovarianceMatrix().getData();
            double[][] covTarget = new Covariance(toDouble(t)).getCovarianceMatrix().getData();
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    assertEquals(covTarget[i][j], covAligned[i][j], 1e-3, "cov[" + i + "][" + j + "]");
                }
            }
            float[] meanAligned = aligned.mean(new int[] {0}).toFloatArray();
            assertEquals(1.0, meanAligned[0], 0.3);
            assertEquals(-2.0, meanAligned[2], 0.1);
        }
    }

    private static double[][] toDouble(float[][] f) {
        double[][] d = new double[f.length][];
        for (int i = 0; i < f.length; i++) {
            d[i] = new double[f[i].length];
            for (int j = 0; j < f[i].length; j++) {
                d[i][j] = f[i][j];
            }
        }
        return d;
    }
}
