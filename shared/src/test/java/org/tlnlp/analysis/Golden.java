package org.tlnlp.analysis;

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
 * Golden values in {@code testdata/analysis/}, written once by {@code tools/reference/analysis_sklearn.py golden}
 * (scikit-learn, SciPy, statsmodels, NumPy). JSON has no NaN: the script writes an undefined measure as null.
 */
final class Golden {

    static final Path DIR = LabReport.repositoryRoot().resolve("testdata/analysis");

    private Golden() {
    }

    static JsonObject load(String file) {
        Path path = DIR.resolve(file);
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return JsonParser.parseReader(r).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read golden file " + path
                    + " (regenerate with: /usr/bin/python3 tools/reference/analysis_sklearn.py golden testdata/analysis)", e);
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
        return org.tlnlp.io.JsonFiles.doubles(e);
    }

    /** Rows of float32 values; the script writes each as its shortest decimal, so these are the very floats it used. */
    static float[][] floatRows(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        float[][] out = new float[a.size()][];
        for (int i = 0; i < out.length; i++) {
            JsonArray row = a.get(i).getAsJsonArray();
            out[i] = new float[row.size()];
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = row.get(j).getAsFloat();
            }
        }
        return out;
    }

    static double[][] doubleRows(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        double[][] out = new double[a.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = doubles(a.get(i));
        }
        return out;
    }

    /** A number, or NaN where the script wrote null (undefined). */
    static double number(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? Double.NaN : e.getAsDouble();
    }
}
