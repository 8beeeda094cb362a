package org.tlnlp.glue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.tlnlp.lab.LabReport;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link GlueScores} against scikit-learn and SciPy on a made-up dev set of every task ({@code testdata/glue/scores.json}),
 * and the GLUE score rule against the published leaderboard ({@code testdata/glue/leaderboard.json}).
 */
class GlueScoresTest {

    static JsonObject golden(String file) throws IOException {
        return JsonParser.parseString(Files.readString(LabReport.repositoryRoot().resolve("testdata/glue/" + file)))
                .getAsJsonObject();
    }

    @Test
    void everyTasksMetricsAndTheAverageEqualScikitLearnsAndSciPys() throws IOException {
        JsonObject json = golden("scores.json");
        List<GlueScores.TaskScore> scores = new ArrayList<>();
        for (JsonElement t : json.getAsJsonArray("tasks")) {
            JsonObject task = t.getAsJsonObject();
            TaskSpec spec = GlueTask.named(task.get("task").getAsString()).spec();
            Map<String, List<Example>> sets = new LinkedHashMap<>();
            Map<String, Predictions> predicted = new LinkedHashMap<>();
            for (JsonElement s : task.getAsJsonArray("sets")) {
                JsonObject set = s.getAsJsonObject();
                List<Example> gold = new ArrayList<>();
                var g = set.getAsJsonArray("gold");
                var p = set.getAsJsonArray("predicted");
                int[] labels = new int[p.size()];
                double[] values = new double[p.size()];
                for (int i = 0; i < g.size(); i++) {
                    gold.add(new Example(Integer.toString(i), "text", "other", g.get(i).getAsString()));
                    if (spec.isRegression()) {
                        values[i] = p.get(i).getAsDouble();
                    } else {
                        labels[i] = spec.labelIndex(p.get(i).getAsString());
                    }
                }
                sets.put(set.get("name").getAsString(), gold);
                predicted.put(set.get("name").getAsString(), spec.isRegression() ? Predictions.ofValues(values)
                        : Predictions.ofLabels(labels));
            }
            GlueScores.TaskScore score = GlueScores.score(spec, sets, predicted);
            for (GlueScores.Entry e : score.entries()) {
                double want = task.getAsJsonArray("sets").asList().stream().map(JsonElement::getAsJsonObject)
                        .filter(x -> x.get("name").getAsString().equals(e.set())).findFirst().orElseThrow()
                        .getAsJsonObject("scores").get(e.metric().label()).getAsDouble();
                assertEquals(want, e.value(), 1e-12, spec.name() + " " + e.set() + " " + e.metric());
            }
            assertEquals(task.get("task_score").getAsDouble(), score.score(), 1e-12, spec.name() + " task score");
            scores.add(score);
        }
        assertEquals(9, scores.size());
        assertEquals(json.get("glue_score").getAsDouble(), GlueScores.average(scores), 1e-12, "the GLUE score");
    }

    @Test
    void theRuleGivesThePublishedLeaderboardScores() throws IOException {
        JsonObject json = golden("leaderboard.json");
        int rows = 0;
        for (JsonElement r : json.getAsJsonArray("rows")) {
            JsonObject row = r.getAsJsonObject();
            Map<String, double[]> columns = new LinkedHashMap<>();
            row.getAsJsonObject("values").entrySet().forEach(e -> columns.put(e.getKey(),
                    e.getValue().getAsJsonArray().asList().stream().mapToDouble(JsonElement::getAsDouble).toArray()));
            double got = GlueScores.leaderboardScore(columns);
            String model = row.get("model").getAsString();
            assertEquals(row.get("score").getAsDouble(), got, 0.05 + 1e-9, model + ": the published score, to its rounding");
            assertEquals(row.get("computed").getAsDouble(), got, 1e-9, model);
            rows++;
        }
        assertEquals(4, rows);
    }

    @Test
    void aRowWithoutAllNineTasksHasNoGlueScore() {
        Map<String, double[]> columns = new LinkedHashMap<>();
        columns.put("CoLA", new double[] {52.1});
        columns.put("MNLI-m", new double[] {84.6});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GlueScores.leaderboardScore(columns));
        assertTrue(e.getMessage().contains("needs all nine tasks; missing [SST-2, MRPC, STS-B, QQP, MNLI-mm, QNLI, RTE, WNLI]"),
                e.getMessage());
        columns.put("SuperGLUE", new double[] {1});
        e = assertThrows(IllegalArgumentException.class, () -> GlueScores.leaderboardScore(columns));
        assertTrue(e.getMessage().contains("no leaderboard column 'SuperGLUE'"), e.getMessage());
    }

    @Test
    void aConstantRegressionHasNoCorrelationAndSaysSo() {
        TaskSpec sts = GlueTask.STSB.spec();
        List<Example> dev = List.of(new Example("0", "a", "b", "1.0"), new Example("1", "a", "b", "4.2"),
                new Example("2", "a", "b", "2.6"));
        GlueScores.TaskScore s = GlueScores.score(sts, Map.of("dev", dev), Map.of("dev", Predictions.ofValues(new double[] {2, 2, 2})));
        assertTrue(Double.isNaN(s.score()), "Pearson and Spearman are undefined (NaN, as in SciPy), and so the task score");
        // and a constant classifier's MCC is 0, as in scikit-learn
        TaskSpec cola = GlueTask.COLA.spec();
        List<Example> colaDev = List.of(new Example("0", "a", null, "1"), new Example("1", "b", null, "0"));
        assertEquals(0.0, GlueScores.score(cola, Map.of("dev", colaDev), Map.of("dev", Predictions.ofLabels(new int[] {1, 1})))
                .score());
    }
}
