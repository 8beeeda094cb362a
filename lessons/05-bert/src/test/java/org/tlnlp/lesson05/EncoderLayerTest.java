package org.tlnlp.lesson05;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.tlnlp.grading.Graded;
import org.tlnlp.lesson05.exercises.EncoderLayerExercise;
import org.tlnlp.models.bert.Bert;
import org.tlnlp.nn.Attention;
import org.tlnlp.text.Encoding;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Graded test of exercise 5.5. */
class EncoderLayerTest {

    @Test
    @Graded(exercise = "5.5", kind = Graded.Kind.COMPONENT, title = "one encoder layer (MiniLM layers 0 and 3)",
            hint = "Post-LayerNorm: normalise h + attention output, then a + feed-forward output; weights are (out, in), so multiply by Wᵀ; use the layer’s own eps and GELU.")
    void encoderLayer() throws Exception {
        Bert bert = MiniLMReference.bert();
        try (NDManager m = MiniLMReference.MANAGER.newSubManager()) {
            List<Encoding> batch = MiniLMReference.TOKENIZER.encodeBatch(
                    List.of("The jury praised the administration.", "It was a long , hot day in Atlanta ."), null, 32);
            NDArray[] in = MiniLMReference.inputs(m, batch);
            Bert.Output all = bert.forward(new ParameterStore(m, false), in[0], in[1], in[2], false, true);
            NDArray mask = Attention.paddingMask(in[2]);
            for (int layer : new int[] {0, 3}) {
                // The course's attention: a wrong 5.3 of yours cannot cost 5.5's points.
                NDArray mine = EncoderLayerExercise.encoderLayer(all.hiddenStates().get(layer), mask, bert.layerWeights(layer),
                        Attention::scaledDotProduct);
                assertEquals(all.hiddenStates().get(layer + 1).getShape(), mine.getShape(), "output shape of layer " + layer);
                assertArrayEquals(all.hiddenStates().get(layer + 1).toFloatArray(), mine.toFloatArray(), 1e-4f,
                        "layer " + layer + "'s output");
            }
        }
    }
}
