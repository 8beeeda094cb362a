package org.tlnlp.lesson02;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.tlnlp.io.JsonFiles;
import org.tlnlp.lab.LabReport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The golden values of {@code testdata/multitask/golden.json}, written once by
 * {@code /usr/bin/python3 tools/reference/multitask_torch.py golden testdata/multitask} (PyTorch and NumPy, and
 * java.util.Random re-implemented in Python from the JDK's documented algorithm).
 */
final class Golden {

    static final Path FILE = LabReport.repositoryRoot().resolve("testdata/multitask/golden.json");

    private Golden() {
    }

    static JsonObject section(String name) {
        return root().getAsJsonObject(name);
    }

    static com.google.gson.JsonArray cases(String name) {
        return root().getAsJsonArray(name);
    }

    private static JsonObject root() {
        try {
            return JsonFiles.object(FILE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FILE + " (regenerate it with /usr/bin/python3 "
                    + "tools/reference/multitask_torch.py golden testdata/multitask)", e);
        }
    }

    /** A {"shape": [...], "values": [...]} object as a float32 array. */
    static NDArray array(NDManager m, JsonElement e) {
        JsonObject o = e.getAsJsonObject();
        return m.create(floats(o.get("values")), new Shape(longs(o.get("shape"))));
    }

    static List<NDArray> arrays(NDManager m, JsonElement e) {
        List<NDArray> out = new ArrayList<>();
        e.getAsJsonArray().forEach(x -> out.add(array(m, x)));
        return out;
    }

    static float[] floats(JsonElement e) {
        double[] d = doubles(e);
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (float) d[i];
        }
        return out;
    }

    static double[] doubles(JsonElement e) {
        return e.getAsJsonArray().asList().stream().mapToDouble(JsonElement::getAsDouble).toArray();
    }

    static int[] ints(JsonElement e) {
        return e.getAsJsonArray().asList().stream().mapToInt(JsonElement::getAsInt).toArray();
    }

    private static long[] longs(JsonElement e) {
        return e.getAsJsonArray().asList().stream().mapToLong(JsonElement::getAsLong).toArray();
    }
}
