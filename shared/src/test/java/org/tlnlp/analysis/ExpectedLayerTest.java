package org.tlnlp.analysis;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ExpectedLayer} by hand and against NumPy's softmax ({@code testdata/analysis/expected_layer.json}). */
class ExpectedLayerTest {

    @Test
    void centreOfGravityOfAScalarMix() {
        for (JsonObject c : Golden.objects(Golden.load("expected_layer.json").getAsJsonArray("cases"))) {
            double[] logits = Golden.doubles(c.get("logits"));
            assertArrayEquals(Golden.doubles(c.get("weights")), ExpectedLayer.softmax(logits), 1e-12);
            assertEquals(c.get("expected_layer").getAsDouble(), ExpectedLayer.ofLogits(logits), 1e-12);
        }
        // Uniform weights over layers 0..L: the middle, L/2. All weight on layer 2: 2.
        assertEquals(1.5, ExpectedLayer.ofMixWeights(new double[] {0.25, 0.25, 0.25, 0.25}), 1e-15);
        assertEquals(2.0, ExpectedLayer.ofMixWeights(new double[] {0, 0, 1}), 0);
        // ELMo tagging's mix from lab 04 (s = 0.55, 0.14, 0.31): 0.14 + 2 · 0.31 = 0.76.
        assertEquals(0.76, ExpectedLayer.ofMixWeights(new double[] {0.55, 0.14, 0.31}), 1e-12);
    }

    @Test
    void expectedLayerOfCumulativeScores() {
        // Gains 0.2 at layer 1, 0.1 at layer 2, none at 3: (1·0.2 + 2·0.1) / 0.3 = 4/3.
        assertEquals(4.0 / 3, ExpectedLayer.ofCumulativeScores(new double[] {0.5, 0.7, 0.8, 0.8}), 1e-12);
        // A loss at a layer counts against it.
        assertEquals((1 * 0.3 + 2 * -0.1) / 0.2, ExpectedLayer.ofCumulativeScores(new double[] {0.1, 0.4, 0.3}), 1e-12);
    }

    @Test
    void badInputIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExpectedLayer.ofMixWeights(new double[] {0.5, 0.6}));
        assertTrue(e.getMessage().contains("sum to 1") && e.getMessage().contains("1.1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ExpectedLayer.ofMixWeights(new double[] {1.5, -0.5}));
        assertTrue(e.getMessage().contains("-0.5 for layer 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ExpectedLayer.ofLogits(new double[] {0, Double.NaN}));
        e = assertThrows(IllegalArgumentException.class, () -> ExpectedLayer.ofCumulativeScores(new double[] {0.3, 0.3}));
        assertTrue(e.getMessage().contains("gains nothing"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ExpectedLayer.ofCumulativeScores(new double[] {0.3}));
    }
}
