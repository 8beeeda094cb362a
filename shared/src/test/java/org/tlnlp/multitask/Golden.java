package org.tlnlp.multitask;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.tlnlp.io.JsonFiles;
import org.tlnlp.lab.LabReport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * {@code testdata/multitask/golden.json}: PyTorch's and NumPy's values for the pieces of this package, written by
 * {@code /usr/bin/python3 tools/reference/multitask_torch.py golden testdata/multitask}.
 */
final class Golden {

    private static final Path FILE = LabReport.repositoryRoot().resolve("testdata/multitask/golden.json");

    private Golden() {
    }

    static JsonObject root() {
        try {
            return JsonFiles.object(FILE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FILE + "; regenerate it with tools/reference/multitask_torch.py", e);
        }
    }

    static JsonArray list(String section) {
        return root().getAsJsonArray(section);
    }

    /** {"shape": [...], "values": [...]} as a float32 array. */
    static NDArray tensor(NDManager m, JsonElement e) {
        JsonObject o = e.getAsJsonObject();
        long[] shape = o.getAsJsonArray("shape").asList().stream().mapToLong(JsonElement::getAsLong).toArray();
        return m.create(values(o.get("values")), new Shape(shape));
    }

    static float[] values(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsFloat();
        }
        return out;
    }

    static double[] doubles(JsonElement e) {
        return e.getAsJsonArray().asList().stream().mapToDouble(JsonElement::getAsDouble).toArray();
    }

    static int[] ints(JsonElement e) {
        return e.getAsJsonArray().asList().stream().mapToInt(JsonElement::getAsInt).toArray();
    }
}
