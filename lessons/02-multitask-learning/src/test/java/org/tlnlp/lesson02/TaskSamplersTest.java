package org.tlnlp.lesson02;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.tlnlp.grading.Graded;
import org.tlnlp.lesson02.exercises.TaskSamplers;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Graded tests of exercises 2.5 and 2.6, against NumPy and a Python replay of java.util.Random. */
class TaskSamplersTest {

    @Test
    @Graded(exercise = "2.5", kind = Graded.Kind.FUNCTION, title = "temperature sampling's probabilities",
            hint = "Work in logs: a_i = ln(n_i) / T, subtract the largest a, exponentiate, divide by the sum. Empty tasks get 0 (never take ln 0); T = ∞ gives a_i = 0 for every non-empty task; check the arguments first.")
    void temperature() {
        assertArrayEquals(new double[] {0.25, 0.75}, TaskSamplers.temperature(new int[] {100, 300}, 1), 1e-12,
                "T = 1 is proportional: 100 and 300 examples");
        assertArrayEquals(new double[] {1 / 3.0, 2 / 3.0}, TaskSamplers.temperature(new int[] {100, 400}, 2), 1e-12,
                "T = 2: √100 = 10 against √400 = 20");
        for (JsonElement e : Golden.cases("temperature")) {
            JsonObject c = e.getAsJsonObject();
            int[] sizes = Golden.ints(c.get("sizes"));
            double t = c.get("temperature").getAsString().equals("inf") ? Double.POSITIVE_INFINITY
                    : c.get("temperature").getAsDouble();
            double[] p = TaskSamplers.temperature(sizes, t);
            assertArrayEquals(Golden.doubles(c.get("p")), p, 1e-9, "sizes " + Arrays.toString(sizes) + ", T = " + t
                    + " (NumPy)");
            assertEquals(1.0, Arrays.stream(p).sum(), 1e-12, "probabilities sum to 1");
        }
        assertThrows(IllegalArgumentException.class, () -> TaskSamplers.temperature(new int[] {1, 2}, 0), "T = 0");
        assertThrows(IllegalArgumentException.class, () -> TaskSamplers.temperature(new int[] {1, 2}, -1), "T < 0");
        assertThrows(IllegalArgumentException.class, () -> TaskSamplers.temperature(new int[] {1, 2}, Double.NaN), "T = NaN");
        assertThrows(IllegalArgumentException.class, () -> TaskSamplers.temperature(new int[] {0, 0}, 1), "no examples");
        assertThrows(IllegalArgumentException.class, () -> TaskSamplers.temperature(new int[] {5, -1}, 1), "a negative size");
    }

    @Test
    @Graded(exercise = "2.6", kind = Graded.Kind.FUNCTION, title = "a proportional batch schedule",
            hint = "Fill the array task by task (task t, batches[t] times), then for i = length − 1 down to 1: j = random.nextInt(i + 1), swap entries i and j. One nextInt per swap, nothing else drawn.")
    void proportionalSchedule() {
        int[] counts = new int[3];
        int[] order = TaskSamplers.proportionalSchedule(new int[] {5, 0, 2}, new Random(1));
        assertEquals(7, order.length, "5 + 0 + 2 batches");
        for (int t : order) {
            counts[t]++;
        }
        assertArrayEquals(new int[] {5, 0, 2}, counts, "each task appears exactly as many times as it has batches");
        for (JsonElement e : Golden.cases("schedule")) {
            JsonObject c = e.getAsJsonObject();
            int[] batches = Golden.ints(c.get("batches"));
            long seed = c.get("seed").getAsLong();
            assertArrayEquals(Golden.ints(c.get("order")), TaskSamplers.proportionalSchedule(batches, new Random(seed)),
                    "batches " + Arrays.toString(batches) + " shuffled with new Random(" + seed + ")");
        }
        assertEquals(0, TaskSamplers.proportionalSchedule(new int[0], new Random(0)).length, "no tasks, no steps");
        assertThrows(IllegalArgumentException.class, () -> TaskSamplers.proportionalSchedule(new int[] {2, -1}, new Random(0)),
                "a negative batch count");
    }
}
