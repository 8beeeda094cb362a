package org.tlnlp.lesson05;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.tlnlp.grading.Graded;
import org.tlnlp.lesson05.exercises.AttentionExercise;
import org.tlnlp.models.bert.Bert;
import org.tlnlp.nn.Attention;
import org.tlnlp.text.Encoding;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Graded tests of exercises 5.3 and 5.4. */
class AttentionTest {

    @Test
    @Graded(exercise = "5.3", kind = Graded.Kind.COMPONENT, title = "scaled dot-product attention (vs ONNX Runtime)",
            hint = "Divide Q·Kᵀ by sqrt(d) before adding the mask, and take the softmax over the last axis (the keys).")
    void scaledDotProduct() throws Exception {
        try (NDManager m = MiniLMReference.MANAGER.newSubManager()) {
            // One head, two positions, d = 1: q = k = (1, 0), v = (1, 3).
            NDArray q = m.create(new float[] {1, 0}, new Shape(1, 1, 2, 1));
            NDArray v = m.create(new float[] {1, 3}, new Shape(1, 1, 2, 1));
            NDList out = AttentionExercise.scaledDotProduct(q, q, v, null);
            double e = Math.E;
            // Row 0 scores (1, 0): weights (e, 1) / (e + 1). Row 1 scores (0, 0): weights (1/2, 1/2).
            assertArrayEquals(new float[] {(float) ((e + 3) / (e + 1)), 2f}, out.get(0).toFloatArray(), 1e-5f, "context");
            assertArrayEquals(new float[] {(float) (e / (e + 1)), (float) (1 / (e + 1)), 0.5f, 0.5f},
                    out.get(1).toFloatArray(), 1e-5f, "attention weights");
            NDArray mask = m.create(new float[] {0, -1e9f}, new Shape(1, 1, 1, 2));
            assertArrayEquals(new float[] {1f, 1f}, AttentionExercise.scaledDotProduct(q, q, v, mask).get(0).toFloatArray(),
                    1e-5f, "with position 1 masked every query sees only value 1");

            // Inside the course's BERT with all-MiniLM-L6-v2's weights, against ONNX Runtime.
            Bert bert = MiniLMReference.freshBert().withAttention((qq, kk, vv, mk, dropout, training) ->
                    AttentionExercise.scaledDotProduct(qq, kk, vv, mk));
            List<Encoding> batch = MiniLMReference.TOKENIZER.encodeBatch(TokenizationTest.brownSentences(16), null, 64);
            NDArray[] in = MiniLMReference.inputs(m, batch);
            float[] ours = bert.forward(new ParameterStore(m, false), in[0], in[1], in[2], false, false).lastHidden().toFloatArray();
            float[] reference = MiniLMReference.onnxRuntime(batch);
            double worst = 0;
            int t = batch.get(0).length();
            for (int i = 0; i < batch.size(); i++) {
                for (int j = 0; j < t; j++) {
                    if (batch.get(i).attentionMask()[j] == 1) {
                        for (int k = 0; k < 384; k++) {
                            int p = (i * t + j) * 384 + k;
                            worst = Math.max(worst, Math.abs(ours[p] - reference[p]));
                        }
                    }
                }
            }
            assertTrue(worst < 1e-4, "MiniLM with your attention differs from ONNX Runtime by up to " + worst);
        }
    }

    @Test
    @Graded(exercise = "5.4", kind = Graded.Kind.FUNCTION, title = "splitting and merging heads",
            hint = "Reshape to (B, T, heads, d) first, then swap axes 1 and 2; merging undoes it in the opposite order.")
    void heads() {
        try (NDManager m = MiniLMReference.MANAGER.newSubManager()) {
            NDArray x = m.arange(24f).reshape(1, 3, 8); // B = 1, T = 3, 2 heads of width 4
            NDArray split = AttentionExercise.splitHeads(x, 2);
            assertEquals(new Shape(1, 2, 3, 4), split.getShape(), "splitHeads((1, 3, 8), 2)");
            // Head 1 of position 2 holds x[0, 2, 4..7] = 20..23.
            assertArrayEquals(new float[] {20, 21, 22, 23}, split.get("0, 1, 2, :").toFloatArray(), "head 1, position 2");
            assertArrayEquals(Attention.splitHeads(x, 2).toFloatArray(), split.toFloatArray());
            NDArray merged = AttentionExercise.mergeHeads(split);
            assertEquals(new Shape(1, 3, 8), merged.getShape());
            assertArrayEquals(x.toFloatArray(), merged.toFloatArray(), "mergeHeads undoes splitHeads");
            NDArray y = m.randomNormal(new Shape(2, 5, 12));
            assertArrayEquals(y.toFloatArray(), AttentionExercise.mergeHeads(AttentionExercise.splitHeads(y, 3)).toFloatArray());
        }
    }
}
