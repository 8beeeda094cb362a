package org.tlnlp.analysis;

import org.tlnlp.nn.HostArrays;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.tlnlp.engine.Engines;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Cka} against NumPy (both of its forms, {@code testdata/analysis/cka.json}) and by its invariances. */
class CkaTest {

    @Test
    void bothFormsEqualNumPys() {
        try (NDManager m = Engines.newManager()) {
            for (JsonObject c : Golden.objects(Golden.load("cka.json").getAsJsonArray("cases"))) {
                String name = c.get("name").getAsString();
                NDArray x = HostArrays.matrix(m, Golden.floatRows(c.get("x")));
                NDArray y = HostArrays.matrix(m, Golden.floatRows(c.get("y")));
                double expected = c.get("cka").getAsDouble();
                assertEquals(expected, Cka.linear(x, y), 1e-5, name);
                assertEquals(expected, Cka.linearFeatureSpace(x, y), 1e-5, name + ", feature-space form");
                assertEquals(expected, Cka.linearGram(x, y), 1e-5, name + ", Gram form");
                assertEquals(expected, Cka.linear(y, x), 1e-5, name + ", symmetric");
            }
        }
    }

    @Test
    void invariantToOrthogonalMapsScalingAndShiftsButNotToEveryInvertibleMap() {
        Random r = new Random(21);
        int n = 300;
        int d = 12;
        double[][] x = new double[n][d];
        double[][] y = new double[n][8];
        for (int i = 0; i < n; i++) {
            double z = r.nextGaussian();
            for (int j = 0; j < d; j++) {
                x[i][j] = (j < 3 ? 3 * z : 0) + r.nextGaussian();
            }
            for (int j = 0; j < 8; j++) {
                y[i][j] = (j == 0 ? 2 * z : 0) + r.nextGaussian();
            }
        }
        RealMatrix xm = MatrixUtils.createRealMatrix(x);
        RealMatrix q = new QRDecomposition(MatrixUtils.createRealMatrix(gaussian(d, d, r))).getQ();
        RealMatrix skew = MatrixUtils.createRealDiagonalMatrix(new double[] {30, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.05, 0.05})
                .multiply(MatrixUtils.createRealMatrix(gaussian(d, d, r)));
        try (NDManager m = Engines.newManager()) {
            NDArray xs = matrix(m, x);
            NDArray ys = matrix(m, y);
            double base = Cka.linear(xs, ys);
            assertEquals(1.0, Cka.linear(xs, xs), 1e-6, "CKA(X, X)");
            assertEquals(base, Cka.linear(matrix(m, xm.multiply(q).getData()), ys), 1e-5, "X Q, Q orthogonal");
            assertEquals(base, Cka.linear(xs.mul(3.7f), ys), 1e-5, "3.7 X");
            assertEquals(base, Cka.linear(xs.add(5f), ys.sub(2f)), 1e-5, "X + 5, Y − 2");
            assertEquals(1.0, Cka.linear(xs, matrix(m, xm.multiply(q).getData()).mul(0.2f)), 1e-5, "X against 0.2 X Q");
            double skewed = Cka.linear(matrix(m, xm.multiply(skew).getData()), ys);
            assertTrue(Math.abs(skewed - base) > 0.05, "an invertible but not orthogonal map changes CKA: " + base
                    + " → " + skewed);
            assertTrue(Cka.linear(xs, matrix(m, xm.multiply(skew).getData())) < 0.99, "X against X A");
        }
    }

    @Test
    void badInputIsRejected() {
        try (NDManager m = Engines.newManager()) {
            NDArray x = matrix(m, gaussian(10, 3, new Random(1)));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Cka.linear(x, matrix(m, gaussian(9, 3, new Random(2)))));
            assertTrue(e.getMessage().contains("10 rows in x and 9 in y"), e.getMessage());
            double[][] nan = gaussian(10, 2, new Random(3));
            nan[4][1] = Double.NaN;
            e = assertThrows(IllegalArgumentException.class, () -> Cka.linear(x, matrix(m, nan)));
            assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains(" y"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Cka.linear(x, m.ones(new ai.djl.ndarray.types.Shape(10, 4))));
            assertTrue(e.getMessage().contains("vary"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Cka.linear(x.reshape(30), x.reshape(30)));
        }
    }

    static double[][] gaussian(int n, int d, Random r) {
        double[][] a = new double[n][d];
        for (double[] row : a) {
            for (int j = 0; j < d; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return a;
    }

    static NDArray matrix(NDManager m, double[][] rows) {
        float[][] f = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            f[i] = new float[rows[i].length];
            for (int j = 0; j < f[i].length; j++) {
                f[i][j] = (float) rows[i][j];
            }
        }
        return HostArrays.matrix(m, f);
    }
}
