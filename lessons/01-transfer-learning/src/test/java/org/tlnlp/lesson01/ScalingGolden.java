package org.tlnlp.lesson01;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.tlnlp.lab.LabReport;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Golden values of exercises 1.8–1.13 in {@code testdata/scaling/}, written once by
 * {@code tools/reference/scaling_scipy.py golden testdata/scaling} (SciPy's fits, PyTorch's parameter counts).
 */
final class ScalingGolden {

    private ScalingGolden() {
    }

    static JsonObject load(String file) {
        Path path = LabReport.repositoryRoot().resolve("testdata/scaling").resolve(file);
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return JsonParser.parseReader(r).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read golden file " + path, e);
        }
    }

    /** The fitted laws: each case's x, y and its "plain" and "irreducible" fits. */
    static List<JsonObject> laws() {
        List<JsonObject> out = new ArrayList<>();
        load("power_law.json").getAsJsonArray("laws").forEach(e -> out.add(e.getAsJsonObject()));
        return out;
    }

    static double[] doubles(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsDouble();
        }
        return out;
    }
}
