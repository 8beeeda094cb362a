package org.tlnlp.lesson05.exercises;

import ai.djl.ndarray.NDArray;
import org.tlnlp.grading.Exercise;
import org.tlnlp.grading.NotImplementedYet;
import org.tlnlp.models.bert.Bert;
import org.tlnlp.nn.AttentionFunction;
import org.tlnlp.nn.LayerNormalization;

/** Lesson 05, exercise 5.5: one Transformer encoder layer, as BERT computes it (no dropout: inference). */
public final class EncoderLayerExercise {

    private EncoderLayerExercise() {
    }

    /**
     * Exercise 5.5. One encoder layer on hidden states {@code h} (B, T, H):
     * <ol>
     *   <li>Q, K, V = h Wᵀ + b with the query, key and value weights (stored (out, in));</li>
     *   <li>split heads ((B, T, H) → (B, heads, T, H / heads), as in 5.4, written here again), attend with
     *       {@code attention.apply(q, k, v, mask, 0f, false).get(0)}, merge heads;</li>
     *   <li>a = LayerNorm(h + (context W_oᵀ + b_o)) with norm1 (gamma, beta, eps = {@code w.eps()});</li>
     *   <li>f = GELU(a W_1ᵀ + b_1) W_2ᵀ + b_2, with the model's GELU: {@code w.gelu().apply(x)};</li>
     *   <li>return LayerNorm(a + f) with norm2.</li>
     * </ol>
     * You may use {@code ai.djl.nn.norm.LayerNorm.layerNorm}. The attention is given, so that this exercise
     * stands on its own: the test passes the course's, the lab ({@code ./course run 05-bert --mine}) yours. The
     * test runs layers 0 and 3 of all-MiniLM-L6-v2 on real sentences and compares with the course's BERT.
     *
     * @param mask      additive (B, 1, 1, T)
     * @param attention scaled dot-product attention over (B, heads, T, d)
     */
    @Exercise(value = "5.5", mayNotUse = {Bert.Layer.class, Bert.SelfAttention.class, LayerNormalization.class})
    public static NDArray encoderLayer(NDArray h, NDArray mask, Bert.LayerWeights w, AttentionFunction attention) {
        throw new NotImplementedYet("5.5 (EncoderLayerExercise.encoderLayer)");
    }
}
