package org.tlnlp.lesson07;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.tlnlp.grading.Graded;
import org.tlnlp.lesson07.exercises.LayerMeasures;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Graded tests of exercises 7.7 to 7.9, against scikit-learn, SciPy and NumPy ({@code testdata/layers/exercises.json},
 * made by {@code tools/reference/layers_exercises.py}).
 */
class LayerMeasuresTest {

    private static final JsonObject GOLDEN = Golden.load("layers/exercises.json");

    private static List<JsonObject> cases(String key) {
        return Golden.objects(GOLDEN.getAsJsonArray(key));
    }

    @Test
    @Graded(exercise = "7.7", kind = Graded.Kind.FUNCTION, title = "mutual information of known joint distributions",
            hint = "Count n_xy, n_x, n_y; I = Σ (n_xy/n) ln(n·n_xy / (n_x n_y)) over the pairs that occur. Y = X uniform over k must give ln k, independent X and Y 0. Labels are any ints: key your counts by value, not by index.")
    void mutualInformationOfKnownDistributions() {
        int known = 0;
        for (JsonObject c : cases("mutual_information")) {
            if (!c.has("known_nats")) {
                continue;
            }
            known++;
            double want = c.get("known_nats").getAsDouble();
            double got = LayerMeasures.mutualInformation(Golden.ints(c.get("x")), Golden.ints(c.get("y")));
            assertEquals(want, got, 1e-9, c.get("name").getAsString() + ": the joint distribution's MI is " + want
                    + " nats, got " + got);
        }
        assertTrue(known >= 10, "read " + known + " cases");
    }

    @Test
    @Graded(exercise = "7.7", kind = Graded.Kind.RECIPE, title = "mutual information of samples against scikit-learn",
            hint = "The plug-in estimate of the sample as it is (scikit-learn's mutual_info_score), in nats (natural log), never negative.")
    void mutualInformationOfSamples() {
        for (JsonObject c : cases("mutual_information")) {
            double want = c.get("mi_nats").getAsDouble();
            double got = LayerMeasures.mutualInformation(Golden.ints(c.get("x")), Golden.ints(c.get("y")));
            assertEquals(want, got, 1e-9, c.get("name").getAsString() + ": expected scikit-learn's " + want + " nats, got " + got);
            assertTrue(got >= 0, c.get("name").getAsString() + ": MI is never negative, got " + got);
        }
    }

    @Test
    @Graded(exercise = "7.8", kind = Graded.Kind.FUNCTION, title = "linear CKA against NumPy",
            hint = "Centre every column first; CKA = ‖YᵀX‖²_F / (‖XᵀX‖_F ‖YᵀY‖_F), with ‖A‖_F the square root of the sum of squared entries (so the numerator is not square-rooted). CKA(X, X) = 1.")
    void linearCka() {
        for (JsonObject c : cases("cka")) {
            double[][] x = matrix(c.get("x"));
            String name = c.get("name").getAsString();
            check(name + ", CKA(X, Y)", c.get("cka").getAsDouble(), LayerMeasures.linearCka(x, matrix(c.get("y"))));
            check(name + ", CKA(X, X)", c.get("cka_self").getAsDouble(), LayerMeasures.linearCka(x, x));
        }
    }

    @Test
    @Graded(exercise = "7.8", kind = Graded.Kind.FUNCTION, title = "CKA's invariances: orthogonal maps and scaling, not arbitrary linear maps",
            hint = "A correct CKA needs nothing extra for the invariances: rotating, reflecting or scaling Y leaves ‖YᵀX‖_F²/(‖XᵀX‖_F‖YᵀY‖_F) unchanged. If scaling changes your value, a norm is squared where it should not be (or not where it should).")
    void ckaInvariances() {
        for (JsonObject c : cases("cka")) {
            double[][] x = matrix(c.get("x"));
            String name = c.get("name").getAsString();
            double base = LayerMeasures.linearCka(x, matrix(c.get("y")));
            double orth = LayerMeasures.linearCka(x, matrix(c.get("y_orthogonal")));
            double scaled = LayerMeasures.linearCka(x, matrix(c.get("y_scaled")));
            double linear = LayerMeasures.linearCka(x, matrix(c.get("y_linear")));
            check(name + ", CKA(X, Y Q) with Q orthogonal", c.get("cka_orthogonal").getAsDouble(), orth);
            check(name + ", CKA(X, −2.5 Y)", c.get("cka_scaled").getAsDouble(), scaled);
            check(name + ", CKA(X, Y A) with A an arbitrary linear map", c.get("cka_linear").getAsDouble(), linear);
            assertEquals(base, orth, 1e-9, name + ": an orthogonal map of Y must not change CKA: " + base + " vs " + orth);
            assertEquals(base, scaled, 1e-9, name + ": scaling Y must not change CKA: " + base + " vs " + scaled);
            assertTrue(Math.abs(base - linear) > 1e-3, name + ": an arbitrary linear map changes CKA (NumPy: "
                    + c.get("cka").getAsDouble() + " vs " + c.get("cka_linear").getAsDouble() + "), yours gave " + base
                    + " for both");
        }
    }

    @Test
    @Graded(exercise = "7.9", kind = Graded.Kind.RECIPE, title = "the expected layer of a scalar mix against SciPy's softmax",
            hint = "s = softmax(w) with the maximum subtracted before exp (exp(800) is infinite in double); E = Σ ℓ s_ℓ with layers numbered from 0.")
    void expectedLayer() {
        for (JsonObject c : cases("expected_layer")) {
            double[] w = Golden.doubles(c.get("weights"));
            double want = c.get("expected_layer").getAsDouble();
            double got = LayerMeasures.expectedLayer(w);
            assertEquals(want, got, 1e-9, "raw weights " + java.util.Arrays.toString(w) + ": expected layer " + want
                    + " (SciPy's softmax), got " + got);
        }
    }

    private static void check(String what, double want, double got) {
        assertEquals(want, got, 1e-9, what + ": expected NumPy's " + want + ", got " + got);
    }

    private static double[][] matrix(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        double[][] out = new double[a.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = Golden.doubles(a.get(i));
        }
        return out;
    }
}
