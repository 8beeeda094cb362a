package org.tlnlp.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Moving matrices between Java arrays and the engine (for data and results, never inside a training step). */
public final class HostArrays {

    private HostArrays() {
    }

    /** The rows of {@code a} followed by those of {@code b}. */
    public static NDArray concatRows(NDArray a, NDArray b) {
        return a.concat(b, 0);
    }

    /** A (rows, columns) float matrix from a Java array of equal-length rows. */
    public static NDArray matrix(NDManager manager, float[][] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("no rows");
        }
        int d = rows[0].length;
        float[] flat = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != d) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " columns, row 0 has " + d);
            }
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        return manager.create(flat, new Shape(rows.length, d));
    }

    /** A float matrix back as Java rows (a copy to the host: for results, never inside a training step). */
    public static float[][] rows(NDArray m) {
        int n = (int) m.getShape().get(0);
        int d = (int) m.getShape().get(1);
        float[] flat = m.toFloatArray();
        float[][] out = new float[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * d, out[i], 0, d);
        }
        return out;
    }
}
