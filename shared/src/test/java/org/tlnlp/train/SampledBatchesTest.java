package org.tlnlp.train;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.tlnlp.engine.Engines;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampledBatchesTest {

    /** A batch that only remembers the first draw its step made. */
    private record First(int value) implements Batch {
        @Override
        public int size() {
            return 1;
        }
    }

    @Test
    void consecutiveStepsDrawIndependentlyAndRepeatably() {
        SampledBatches<First> batches = new SampledBatches<>(200, 42, (m, r) -> new First((int) (r.nextDouble() * 1000)));
        Set<Integer> firsts = new HashSet<>();
        try (NDManager m = Engines.newManager()) {
            for (int i = 0; i < 200; i++) {
                firsts.add(batches.batch(m, 0, i).value());
            }
            assertEquals(batches.batch(m, 3, 17).value(), batches.batch(m, 3, 17).value(), "a step repeats exactly");
        }
        // 200 independent draws from 1000 values hit about 181 distinct ones. With consecutive seeds unmixed,
        // java.util.Random's first nextDouble() barely moves from step to step (21 distinct values here).
        assertTrue(firsts.size() > 150, "distinct first draws over 200 steps: " + firsts.size());
    }
}
