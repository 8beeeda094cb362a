package org.tlnlp.multitask;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.tlnlp.engine.Engines;
import org.tlnlp.train.BatchSource;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The three sources of multitask steps: what each step holds, and that a run repeats. */
class TaskBatchesTest {

    /** A sequence task of {@code n} one-dimensional examples whose value is their index (so a batch names them). */
    static FeatureData indexed(String name, int n) {
        float[][] v = new float[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = new float[] {i};
            y[i] = i % 2;
        }
        return FeatureData.sequences(new Task(name, Task.Kind.SEQUENCE, List.of("0", "1")), v, y);
    }

    private static int[] ids(TaskBatch<Features> b) {
        float[] x = b.input().x().toFloatArray();
        int[] out = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (int) x[i];
        }
        return out;
    }

    @Test
    void jointStepsHoldEveryTask() {
        List<FeatureData> tasks = List.of(indexed("a", 5), indexed("b", 40));
        BatchSource<MultitaskBatch<Features>> s = TaskBatches.joint(tasks, 8, 10, 3);
        try (NDManager m = Engines.newManager()) {
            MultitaskBatch<Features> b = s.batch(m, 0, 0);
            assertArrayEquals(new int[] {0, 1}, b.tasks());
            assertEquals(5, b.parts().get(0).size(), "a task smaller than the batch gives all its examples");
            assertEquals(8, b.parts().get(1).size());
            assertEquals(8, Arrays.stream(ids(b.parts().get(1))).distinct().count(), "no example twice in a batch");
            assertArrayEquals(ids(b.parts().get(1)), ids(TaskBatches.joint(tasks, 8, 10, 3).batch(m, 0, 0).parts().get(1)),
                    "the same seed, epoch and step give the same batch");
        }
    }

    @Test
    void sampledStepsFollowTheProbabilities() {
        List<FeatureData> tasks = List.of(indexed("a", 5), indexed("b", 40), indexed("c", 40));
        double[] p = {0.2, 0.8, 0};
        BatchSource<MultitaskBatch<Features>> s = TaskBatches.sampled(tasks, p, 4, 500, 11);
        int[] counts = new int[3];
        try (NDManager m = Engines.newManager()) {
            for (int i = 0; i < s.batches(); i++) {
                try (NDManager scope = m.newSubManager()) {
                    MultitaskBatch<Features> b = s.batch(scope, 0, i);
                    assertEquals(1, b.parts().size(), "one task per step");
                    counts[b.tasks()[0]]++;
                }
            }
        }
        assertEquals(0, counts[2], "a task with p = 0 never trains");
        assertEquals(100, counts[0], 5 * Math.sqrt(500 * 0.2 * 0.8), "task a in about 20% of 500 steps");
    }

    @Test
    void aScheduledEpochUsesEveryExampleOnceInTheSchedulesOrder() {
        List<FeatureData> tasks = List.of(indexed("a", 10), indexed("b", 3), indexed("c", 7));
        BatchSource<MultitaskBatch<Features>> s = TaskBatches.scheduled(tasks, 4, 9, TaskSampling::proportionalSchedule);
        assertEquals(3 + 1 + 2, s.batches(), "ceil(10/4) + ceil(3/4) + ceil(7/4) batches an epoch");
        try (NDManager m = Engines.newManager()) {
            for (int epoch = 0; epoch < 2; epoch++) {
                int[] steps = new int[s.batches()];
                int[][] used = {new int[10], new int[3], new int[7]};
                for (int i = 0; i < s.batches(); i++) {
                    MultitaskBatch<Features> b = s.batch(m, epoch, i);
                    steps[i] = b.tasks()[0];
                    for (int id : ids(b.parts().get(0))) {
                        used[steps[i]][id]++;
                    }
                }
                for (int t = 0; t < 3; t++) {
                    int[] once = new int[used[t].length];
                    Arrays.fill(once, 1);
                    assertArrayEquals(once, used[t], "epoch " + epoch + ", task " + t + ": every example once");
                }
                assertArrayEquals(TaskSampling.proportionalSchedule(new int[] {3, 1, 2}, new Random(9 * 31 + epoch)), steps,
                        "the tasks in the schedule's order");
            }
        }
    }
}
