package org.tlnlp.lesson05.exercises;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.LayerNorm;
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
        NDArray q = AttentionExercise.splitHeads(dense(h, w.queryW(), w.queryB()), w.heads());
        NDArray k = AttentionExercise.splitHeads(dense(h, w.keyW(), w.keyB()), w.heads());
        NDArray v = AttentionExercise.splitHeads(dense(h, w.valueW(), w.valueB()), w.heads());
        NDArray context = AttentionExercise.mergeHeads(AttentionExercise.scaledDotProduct(q, k, v, mask).get(0));
        NDArray a = norm(h.add(dense(context, w.outputW(), w.outputB())), w.norm1Gamma(), w.norm1Beta(), w.eps());
        NDArray f = dense(Activation.gelu(dense(a, w.ff1W(), w.ff1B())), w.ff2W(), w.ff2B());
        return norm(a.add(f), w.norm2Gamma(), w.norm2Beta(), w.eps());
    }

    private static NDArray dense(NDArray x, NDArray w, NDArray b) {
        return x.matMul(w.transpose()).add(b);
    }

    private static NDArray norm(NDArray x, NDArray gamma, NDArray beta, float eps) {
        return LayerNorm.layerNorm(x, new Shape(x.getShape().get(2)), gamma, beta, eps).singletonOrThrow();
    }
}
