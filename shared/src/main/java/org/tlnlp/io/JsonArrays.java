package org.tlnlp.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;

import java.util.ArrayList;
import java.util.List;

/**
 * Numbers out of parsed JSON, as golden files written by {@code tools/reference/} hold them: flat and nested arrays
 * of numbers ({@code null} meaning "undefined", read as NaN), booleans, and nested arrays as an NDArray of their
 * shape (float32, the values the scripts wrote as float32's shortest decimals, so they come back exactly).
 */
public final class JsonArrays {

    private JsonArrays() {
    }

    public static double[] doubles(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).isJsonNull() ? Double.NaN : a.get(i).getAsDouble();
        }
        return out;
    }

    public static int[] ints(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsInt();
        }
        return out;
    }

    /** Rows of numbers (ragged rows allowed); {@code null} is NaN. */
    public static double[][] matrix(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        double[][] out = new double[a.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = doubles(a.get(i));
        }
        return out;
    }

    /** Rows of booleans. */
    public static boolean[][] booleanMatrix(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        boolean[][] out = new boolean[a.size()][];
        for (int i = 0; i < out.length; i++) {
            JsonArray row = a.get(i).getAsJsonArray();
            out[i] = new boolean[row.size()];
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = row.get(j).getAsBoolean();
            }
        }
        return out;
    }

    /** The shape of a (rectangular) nested array: () for a number, (n) for a flat array, (n, m) for rows, .... */
    public static Shape shape(JsonElement e) {
        List<Long> dims = new ArrayList<>();
        JsonElement x = e;
        while (x.isJsonArray()) {
            JsonArray a = x.getAsJsonArray();
            dims.add((long) a.size());
            if (a.isEmpty()) {
                break;
            }
            x = a.get(0);
        }
        return new Shape(dims.stream().mapToLong(Long::longValue).toArray());
    }

    /** Every number of a nested array in row-major order, as float32. */
    public static float[] flatFloats(JsonElement e) {
        List<Float> out = new ArrayList<>();
        collect(e, out);
        float[] f = new float[out.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = out.get(i);
        }
        return f;
    }

    private static void collect(JsonElement e, List<Float> out) {
        if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(x -> collect(x, out));
        } else {
            out.add(e.getAsFloat());
        }
    }

    /** A nested array as a float32 NDArray of its shape, made in {@code manager}. */
    public static NDArray array(NDManager manager, JsonElement e) {
        Shape shape = shape(e);
        float[] values = flatFloats(e);
        if (values.length != shape.size()) {
            throw new IllegalArgumentException("a ragged nested array: shape " + shape + " but " + values.length
                    + " numbers");
        }
        return manager.create(values, shape);
    }
}
