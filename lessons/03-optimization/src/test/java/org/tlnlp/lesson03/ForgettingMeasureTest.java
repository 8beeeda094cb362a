package org.tlnlp.lesson03;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.tlnlp.grading.Graded;
import org.tlnlp.io.JsonArrays;
import org.tlnlp.lesson03.exercises.ForgettingMeasure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Graded test of exercise 3.6 against NumPy ({@code testdata/optimization/forgetting.json}). */
class ForgettingMeasureTest {

    @Test
    @Graded(exercise = "3.6", kind = Graded.Kind.FUNCTION, title = "average forgetting (Chaudhry et al.)",
            hint = "For each task j before the last (k = K − 1): its best score over rows j..k−1 minus its score in row k; "
                    + "average over those k tasks. Never read entries above the diagonal (NaN), never count the last task.")
    void averageForgetting() {
        for (JsonObject c : Golden.cases("forgetting.json")) {
            double[][] scores = JsonArrays.matrix(c.get("scores"));
            double expected = c.get("average").getAsDouble();
            double fromDiagonal = c.get("average_from_diagonal").getAsDouble();
            String name = c.get("name").getAsString();
            double got = ForgettingMeasure.averageForgetting(scores);
            if (Double.isNaN(got)) {
                fail(name + ": got NaN; entries above the diagonal are NaN and must not be read");
            }
            if (Math.abs(expected - fromDiagonal) > 1e-9 && Math.abs(got - fromDiagonal) < 1e-9) {
                fail(name + ": got " + got + ", the drop from the score right after each task was learnt; the measure "
                        + "counts from each task's best score before the last task, which gives " + expected);
            }
            assertEquals(expected, got, 1e-12, name);
        }
    }
}
