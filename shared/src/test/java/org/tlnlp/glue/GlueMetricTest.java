package org.tlnlp.glue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GLUE's metrics on GLUE-shaped cases ({@code testdata/glue/metrics.json}, scikit-learn and SciPy): a CoLA-sized dev
 * set, a majority-class baseline (MCC 0), confusion counts whose products pass 2³¹, STS-B scores with many ties, a
 * constant prediction (correlations undefined).
 */
class GlueMetricTest {

    @Test
    void labelMetricsEqualScikitLearnsOnGlueShapedCases() throws IOException {
        JsonObject json = GlueScoresTest.golden("metrics.json");
        for (JsonElement e : json.getAsJsonArray("labels")) {
            JsonObject c = e.getAsJsonObject();
            int[] gold = ints(c, "gold");
            int[] predicted = ints(c, "predicted");
            String name = c.get("name").getAsString();
            assertEquals(c.get("mcc").getAsDouble(), GlueMetric.MATTHEWS.labelMetric().score(gold, predicted), 1e-12, name);
            assertEquals(c.get("accuracy").getAsDouble(), GlueMetric.ACCURACY.labelMetric().score(gold, predicted), 1e-12, name);
            if (c.has("f1")) {
                assertEquals(c.get("f1").getAsDouble(), GlueMetric.F1.labelMetric().score(gold, predicted), 1e-12, name);
            }
        }
        for (JsonElement e : json.getAsJsonArray("confusion")) {
            JsonObject c = e.getAsJsonObject();
            int tn = c.get("tn").getAsInt();
            int fp = c.get("fp").getAsInt();
            int fn = c.get("fn").getAsInt();
            int tp = c.get("tp").getAsInt();
            int n = tn + fp + fn + tp;
            int[] gold = new int[n];
            int[] predicted = new int[n];
            Arrays.fill(gold, tn + fp, n, 1);
            Arrays.fill(predicted, tn, tn + fp, 1);
            Arrays.fill(predicted, tn + fp + fn, n, 1);
            assertEquals(c.get("mcc").getAsDouble(), GlueMetric.MATTHEWS.labelMetric().score(gold, predicted), 1e-12,
                    c.get("name").getAsString() + ": counts whose products pass 2³¹");
            assertEquals(c.get("f1").getAsDouble(), GlueMetric.F1.labelMetric().score(gold, predicted), 1e-12);
        }
    }

    @Test
    void correlationsEqualSciPysWithTiesAndConstantPredictions() throws IOException {
        JsonObject json = GlueScoresTest.golden("metrics.json");
        int undefined = 0;
        for (JsonElement e : json.getAsJsonArray("values")) {
            JsonObject c = e.getAsJsonObject();
            double[] gold = c.getAsJsonArray("gold").asList().stream().mapToDouble(JsonElement::getAsDouble).toArray();
            double[] predicted = c.getAsJsonArray("predicted").asList().stream().mapToDouble(JsonElement::getAsDouble).toArray();
            String name = c.get("name").getAsString();
            for (GlueMetric m : new GlueMetric[] {GlueMetric.PEARSON, GlueMetric.SPEARMAN}) {
                JsonElement want = c.get(m.label());
                double got = m.valueMetric().score(gold, predicted);
                if (want.isJsonNull()) {
                    assertTrue(Double.isNaN(got), name + ": " + m + " is undefined (NaN), got " + got);
                    undefined++;
                } else {
                    assertEquals(want.getAsDouble(), got, 1e-12, name + ": " + m);
                }
            }
        }
        assertEquals(2, undefined, "the constant prediction's Pearson and Spearman");
    }

    private static int[] ints(JsonObject c, String key) {
        return c.getAsJsonArray(key).asList().stream().mapToInt(JsonElement::getAsInt).toArray();
    }
}
