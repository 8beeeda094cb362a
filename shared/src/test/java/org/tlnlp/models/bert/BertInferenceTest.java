package org.tlnlp.models.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.nn.Activations.Gelu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A forward pass without training frees each layer's temporaries when the layer is done: the caller's scope is
 * left with the outputs and a handful of arrays, not every intermediate of every layer (BERT-base on 32 × 128
 * tokens held about 8 GB of them until the caller closed its scope), and the results are the same.
 */
class BertInferenceTest {

    static final BertConfig SMALL = new BertConfig(50, 16, 4, 2, 32, 12, 2, 1e-12f, 0f, Gelu.TANH);

    @Test
    void eachLayersTemporariesAreFreedAndTheOutputsAreUnchanged() {
        try (NDManager m = Engines.newManager()) {
            new Rng(3).seedEngine();
            Bert bert = Bert.create(SMALL, m);
            Shape s = new Shape(2, 7);
            NDArray ids = m.randomInteger(0, 50, s, DataType.INT64);
            NDArray types = m.zeros(s, DataType.INT64);
            NDArray mask = m.ones(s, DataType.INT64);
            int inference;
            int training;
            float[] last;
            float[] layer2;
            try (NDManager scope = m.newSubManager()) {
                ids.tempAttach(scope);
                Bert.Output o = bert.forward(new ParameterStore(scope, false), ids, types, mask, false, true);
                inference = scope.getManagedArrays().size();
                last = o.lastHidden().toFloatArray();
                layer2 = o.hiddenStates().get(2).toFloatArray(); // kept, and still open, when asked for
                assertEquals(4, o.attentions().size());
                assertEquals(new Shape(2, 2, 7, 7), o.attentions().get(3).getShape());
            }
            try (NDManager scope = m.newSubManager()) {
                ids.tempAttach(scope);
                // with dropout 0, training = true computes the same values, every temporary kept for a backward pass
                Bert.Output o = bert.forward(new ParameterStore(scope, false), ids, types, mask, true, true);
                training = scope.getManagedArrays().size();
                assertArrayEquals(o.lastHidden().toFloatArray(), last, 0f);
                assertArrayEquals(o.hiddenStates().get(2).toFloatArray(), layer2, 0f);
            }
            System.out.printf("arrays left in the caller's scope: %d without training, %d with%n", inference, training);
            assertTrue(inference < 60 && training > 3 * inference, inference + " vs " + training);
        }
    }
}
