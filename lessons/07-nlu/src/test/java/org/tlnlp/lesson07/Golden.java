package org.tlnlp.lesson07;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.tlnlp.lab.LabReport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The golden values lesson 07's tests compare with, computed once by scikit-learn, SciPy and Python's csv module
 * ({@code tools/reference/glue_reference.py} and {@code tools/reference/analysis_sklearn.py}); the tests need no
 * Python.
 */
final class Golden {

    private Golden() {
    }

    static JsonObject load(String file) {
        Path p = LabReport.repositoryRoot().resolve("testdata").resolve(file);
        try {
            return JsonParser.parseString(Files.readString(p)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the golden file " + p, e);
        }
    }

    static List<JsonObject> objects(JsonArray a) {
        List<JsonObject> out = new ArrayList<>();
        a.forEach(e -> out.add(e.getAsJsonObject()));
        return out;
    }

    static int[] ints(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsInt();
        }
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

    /** A number, or NaN where the script wrote null (undefined in SciPy). */
    static double number(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? Double.NaN : e.getAsDouble();
    }

    /** The cases of both golden files that have {@code key}: the general ones of lesson-independent metrics, then GLUE's. */
    static List<JsonObject> labelCases(String key) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonObject c : objects(load("analysis/metrics.json").getAsJsonArray("classification"))) {
            if (c.has(key)) {
                out.add(c);
            }
        }
        for (JsonObject c : objects(load("glue/metrics.json").getAsJsonArray("labels"))) {
            if (c.has(key)) {
                out.add(c);
            }
        }
        return out;
    }

    /** Correlation cases of both files, as (name, gold, predicted, pearson, spearman). */
    static List<JsonObject> valueCases() {
        List<JsonObject> out = new ArrayList<>();
        for (JsonObject c : objects(load("analysis/metrics.json").getAsJsonArray("correlation"))) {
            JsonObject o = new JsonObject();
            o.add("name", c.get("name"));
            o.add("gold", c.get("x"));
            o.add("predicted", c.get("y"));
            o.add("pearson", c.get("pearson"));
            o.add("spearman", c.get("spearman"));
            out.add(o);
        }
        out.addAll(objects(load("glue/metrics.json").getAsJsonArray("values")));
        return out;
    }
}
