package org.tlnlp.lesson07;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.tlnlp.grading.Graded;
import org.tlnlp.lesson07.exercises.GlueScore;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Graded test of exercise 7.6, on published leaderboard rows ({@code testdata/glue/leaderboard.json}). */
class GlueScoreTest {

    @Test
    @Graded(exercise = "7.6", kind = Graded.Kind.FUNCTION, title = "the GLUE score of published leaderboard rows",
            hint = "Average a task's two numbers first; MNLI-m and MNLI-mm are one task (average them); leave AX out; then average the nine task scores.")
    void publishedRows() {
        JsonObject json = Golden.load("glue/leaderboard.json");
        int rows = 0;
        for (JsonObject row : Golden.objects(json.getAsJsonArray("rows"))) {
            Map<String, double[]> columns = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e : row.getAsJsonObject("values").entrySet()) {
                columns.put(e.getKey(), Golden.doubles(e.getValue()));
            }
            double published = row.get("score").getAsDouble();
            double got = GlueScore.glueScore(columns);
            assertEquals(published, got, 0.05 + 1e-9, row.get("model").getAsString() + ": the leaderboard says "
                    + published + " (rounded to one decimal), got " + got);
            rows++;
        }
        assertEquals(4, rows);
        Map<String, double[]> partial = new LinkedHashMap<>();
        partial.put("CoLA", new double[] {52.1});
        partial.put("SST-2", new double[] {93.5});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GlueScore.glueScore(partial));
        assertTrue(e.getMessage().contains("MRPC") && e.getMessage().contains("WNLI"),
                "a row without all nine tasks has no GLUE score; the message should name what is missing: " + e.getMessage());
    }
}
