package org.tlnlp.lesson05.exercises;

import ai.djl.ndarray.NDArray;
import org.tlnlp.grading.NotImplementedYet;
import org.tlnlp.models.bert.Bert;

/** Lesson 05, exercise 5.5: one Transformer encoder layer, as BERT computes it (no dropout: inference). */
public final class EncoderLayerExercise {

    private EncoderLayerExercise() {
    }

    /**
     * Exercise 5.5. One encoder layer on hidden states {@code h} (B, T, H):
     * <ol>
     *   <li>Q, K, V = h Wᵀ + b with the query, key and value weights (stored (out, in));</li>
     *   <li>split heads, scaled dot-product attention with {@code mask}, merge heads;</li>
     *   <li>a = LayerNorm(h + (context W_oᵀ + b_o)) with norm1 (gamma, beta, eps = {@code w.eps()});</li>
     *   <li>f = GELU(a W_1ᵀ + b_1) W_2ᵀ + b_2 (GELU: {@code ai.djl.nn.Activation.gelu});</li>
     *   <li>return LayerNorm(a + f) with norm2.</li>
     * </ol>
     * You may call your own 5.3 and 5.4, and {@code ai.djl.nn.norm.LayerNorm.layerNorm}. The test runs
     * layer 0 of all-MiniLM-L6-v2 on a real sentence and compares with the course's BERT.
     *
     * @param mask additive (B, 1, 1, T)
     */
    public static NDArray encoderLayer(NDArray h, NDArray mask, Bert.LayerWeights w) {
        throw new NotImplementedYet("5.5 (EncoderLayerExercise.encoderLayer)");
    }
}
