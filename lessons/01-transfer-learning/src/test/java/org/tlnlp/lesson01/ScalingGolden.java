package org.tlnlp.lesson01;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.tlnlp.io.JsonFiles;
import org.tlnlp.lab.LabReport;

import java.io.IOException;
import java.io.UncheckedIOException;
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
        try {
            return JsonFiles.object(LabReport.repositoryRoot().resolve("testdata/scaling").resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a golden file of testdata/scaling", e);
        }
    }

    /** The fitted laws: each case's x, y and its "plain" and "irreducible" fits. */
    static List<JsonObject> laws() {
        List<JsonObject> out = new ArrayList<>();
        load("power_law.json").getAsJsonArray("laws").forEach(e -> out.add(e.getAsJsonObject()));
        return out;
    }

    /**
     * One fitted law of the golden file, plain or with an irreducible loss.
     *
     * @param label  the case's name and kind, for messages
     * @param golden the fit's golden values (predict_at, predict, size_for_loss, size_for)
     */
    record Law(String label, double alpha, double scale, double irreducible, JsonObject golden) {
    }

    /** Every case's plain and irreducible fits. */
    static List<Law> fittedLaws() {
        List<Law> out = new ArrayList<>();
        for (JsonObject c : laws()) {
            for (String kind : new String[] {"plain", "irreducible"}) {
                JsonObject f = c.getAsJsonObject(kind);
                out.add(new Law(c.get("name").getAsString() + " (" + kind + ")", f.get("alpha").getAsDouble(),
                        f.get("scale").getAsDouble(), f.has("irreducible") ? f.get("irreducible").getAsDouble() : 0, f));
            }
        }
        return out;
    }

    static double[] doubles(JsonElement e) {
        return JsonFiles.doubles(e);
    }
}
