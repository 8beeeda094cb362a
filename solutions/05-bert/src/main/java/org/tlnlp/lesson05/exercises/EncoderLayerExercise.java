package org.tlnlp.lesson05.exercises;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.LayerNorm;
import org.tlnlp.grading.Exercise;
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
        NDArray q = split(dense(h, w.queryW(), w.queryB()), w.heads());
        NDArray k = split(dense(h, w.keyW(), w.keyB()), w.heads());
        NDArray v = split(dense(h, w.valueW(), w.valueB()), w.heads());
        NDArray context = merge(attention.apply(q, k, v, mask, 0f, false).get(0));
        NDArray a = norm(h.add(dense(context, w.outputW(), w.outputB())), w.norm1Gamma(), w.norm1Beta(), w.eps());
        NDArray f = dense(w.gelu().apply(dense(a, w.ff1W(), w.ff1B())), w.ff2W(), w.ff2B());
        return norm(a.add(f), w.norm2Gamma(), w.norm2Beta(), w.eps());
    }

    private static NDArray split(NDArray x, int heads) {
        long[] s = x.getShape().getShape();
        return x.reshape(s[0], s[1], heads, s[2] / heads).transpose(0, 2, 1, 3);
    }

    private static NDArray merge(NDArray x) {
        long[] s = x.getShape().getShape();
        return x.transpose(0, 2, 1, 3).reshape(s[0], s[2], s[1] * s[3]);
    }

    private static NDArray dense(NDArray x, NDArray w, NDArray b) {
        return x.matMul(w.transpose()).add(b);
    }

    private static NDArray norm(NDArray x, NDArray gamma, NDArray beta, float eps) {
        return LayerNorm.layerNorm(x, new Shape(x.getShape().get(2)), gamma, beta, eps).singletonOrThrow();
    }
}
