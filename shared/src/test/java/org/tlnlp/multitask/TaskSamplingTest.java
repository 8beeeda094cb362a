package org.tlnlp.multitask;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link TaskSampling} against NumPy, Java's own shuffle and a Python replay of java.util.Random. */
class TaskSamplingTest {

    @Test
    void temperatureProbabilitiesMatchNumPy() {
        for (JsonElement e : Golden.list("temperature")) {
            JsonObject c = e.getAsJsonObject();
            double t = c.get("temperature").getAsString().equals("inf") ? Double.POSITIVE_INFINITY
                    : c.get("temperature").getAsDouble();
            assertArrayEquals(Golden.doubles(c.get("p")), TaskSampling.probabilities(Golden.ints(c.get("sizes")), t), 1e-12,
                    c.toString());
        }
        assertArrayEquals(new double[] {0.1, 0.9}, TaskSampling.proportional(new int[] {1, 9}), 1e-12);
        assertArrayEquals(new double[] {0.5, 0, 0.5}, TaskSampling.uniform(new int[] {1, 0, 9}), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> TaskSampling.probabilities(new int[] {1}, 0));
        assertThrows(IllegalArgumentException.class, () -> TaskSampling.probabilities(new int[] {0, 0}, 1));
        assertThrows(IllegalArgumentException.class, () -> TaskSampling.probabilities(new int[] {-1, 3}, 1));
    }

    @Test
    void scheduleIsJavasShuffleAndMatchesTheReplay() {
        for (JsonElement e : Golden.list("schedule")) {
            JsonObject c = e.getAsJsonObject();
            int[] batches = Golden.ints(c.get("batches"));
            long seed = c.get("seed").getAsLong();
            int[] order = TaskSampling.proportionalSchedule(batches, new Random(seed));
            assertArrayEquals(Golden.ints(c.get("order")), order, c.toString());
            List<Integer> list = new ArrayList<>();
            for (int t = 0; t < batches.length; t++) {
                for (int j = 0; j < batches[t]; j++) {
                    list.add(t);
                }
            }
            Collections.shuffle(list, new Random(seed));
            assertArrayEquals(list.stream().mapToInt(Integer::intValue).toArray(), order, "Collections.shuffle's order");
        }
    }

    @Test
    void drawsFollowTheProbabilities() {
        double[] p = {0.1, 0.0, 0.6, 0.3};
        int[] counts = new int[4];
        Random r = new Random(5);
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            counts[TaskSampling.draw(p, r)]++;
        }
        for (int i = 0; i < p.length; i++) {
            double sd = Math.sqrt(n * p[i] * (1 - p[i]));
            assertEquals(n * p[i], counts[i], 5 * sd + 1e-9, "task " + i + " of " + Arrays.toString(p));
        }
    }
}
