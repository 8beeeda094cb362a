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
    @Graded(exercise = "5.5", points = 4, title = "one encoder layer (MiniLM layers 0 and 3)")
    void encoderLayer() throws Exception {
        Bert bert = MiniLMReference.bert();
        try (NDManager m = MiniLMReference.MANAGER.newSubManager()) {
            List<Encoding> batch = MiniLMReference.TOKENIZER.encodeBatch(
                    List.of("The jury praised the administration.", "It was a long , hot day in Atlanta ."), null, 32);
            NDArray[] in = MiniLMReference.inputs(m, batch);
            Bert.Output all = bert.forward(new ParameterStore(m, false), in[0], in[1], in[2], false, true);
            NDArray mask = Attention.paddingMask(in[2]);
            for (int layer : new int[] {0, 3}) {
                NDArray mine = EncoderLayerExercise.encoderLayer(all.hiddenStates().get(layer), mask, bert.layerWeights(layer));
                assertEquals(all.hiddenStates().get(layer + 1).getShape(), mine.getShape(), "output shape of layer " + layer);
                assertArrayEquals(all.hiddenStates().get(layer + 1).toFloatArray(), mine.toFloatArray(), 1e-4f,
                        "layer " + layer + "'s output");
            }
        }
    }
}
