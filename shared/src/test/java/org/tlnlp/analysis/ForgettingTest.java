package org.tlnlp.analysis;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.tlnlp.io.JsonArrays;
import org.tlnlp.train.OptimizationGolden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Forgetting} against NumPy ({@code testdata/optimization/forgetting.json}) and on bad input. */
class ForgettingTest {

    @Test
    void averageForgettingAndBackwardTransferEqualNumPys() {
        for (JsonObject c : OptimizationGolden.cases("forgetting.json")) {
            double[][] a = JsonArrays.matrix(c.get("scores"));
            String name = c.get("name").getAsString();
            assertArrayEquals(JsonArrays.doubles(c.get("per_task")), Forgetting.perTask(a), 1e-12, name);
            assertEquals(c.get("average").getAsDouble(), Forgetting.average(a), 1e-12, name);
            assertEquals(c.get("backward_transfer").getAsDouble(), Forgetting.backwardTransfer(a), 1e-12, name);
        }
        assertEquals(0.3, Forgetting.lossIncrease(2.0, 2.3), 1e-12);
    }

    @Test
    void aMissingScoreOrARaggedMatrixIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Forgetting.average(new double[][] {{0.9, Double.NaN}, {Double.NaN, 0.8}}));
        assertTrue(e.getMessage().contains("a[1][0]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Forgetting.average(new double[][] {{0.9}}));
        assertThrows(IllegalArgumentException.class, () -> Forgetting.average(new double[][] {{0.9, 0}, {0.8}}));
    }
}
