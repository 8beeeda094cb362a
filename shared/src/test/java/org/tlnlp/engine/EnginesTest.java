package org.tlnlp.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnginesTest {

    @Test
    void usesTheEngineTheBuildAskedFor() {
        String wanted = System.getProperty("tlnlp.engine", "PyTorch");
        assertEquals(wanted.toLowerCase(), Engines.engine().getEngineName().toLowerCase());
        // DJL's notion of the default engine must agree, or lambda blocks would load another one.
        assertEquals(Engines.engine().getEngineName(), System.getProperty("ai.djl.default_engine"));
        assertTrue(Engines.describe().startsWith(Engines.engine().getEngineName()));
    }

    @Test
    void computesOnTheChosenDevice() {
        try (NDManager m = Engines.newManager()) {
            NDArray a = m.create(new float[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2));
            NDArray product = a.matMul(a);
            assertArrayEquals(new float[] {7, 10, 15, 22}, product.toFloatArray());
            assertEquals(Engines.device(), product.getDevice());
        }
    }

    @Test
    void seededRunsRepeat() {
        float[] first;
        float[] second;
        try (NDManager m = Engines.newManager()) {
            new Rng(7).seedEngine();
            first = m.randomNormal(new ai.djl.ndarray.types.Shape(5)).toFloatArray();
            new Rng(7).seedEngine();
            second = m.randomNormal(new ai.djl.ndarray.types.Shape(5)).toFloatArray();
        }
        assertArrayEquals(first, second);
        assertEquals(new Rng(3).split("a").random().nextLong(), new Rng(3).split("a").random().nextLong());
        assertTrue(new Rng(3).split("a").random().nextLong() != new Rng(3).split("b").random().nextLong());
    }
}
