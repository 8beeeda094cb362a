package org.tlnlp.lesson05.exercises;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.LayerNorm;
import org.tlnlp.models.Bert;

/** Answer key for lesson 05, exercise 5.5. */
public final class EncoderLayerExercise {

    private EncoderLayerExercise() {
    }

    private static NDArray dense(NDArray x, NDArray w, NDArray b) {
        return x.matMul(w.transpose()).add(b);
    }

    private static NDArray norm(NDArray x, NDArray gamma, NDArray beta, float eps) {
        return LayerNorm.layerNorm(x, new Shape(x.getShape().get(2)), gamma, beta, eps).singletonOrThrow();
    }

    /** 5.5: attention block, then feed-forward block, each with residual + LayerNorm. */
    public static NDArray encoderLayer(NDArray h, NDArray mask, Bert.LayerWeights w) {
        NDArray q = AttentionExercise.splitHeads(dense(h, w.queryW(), w.queryB()), w.heads());
        NDArray k = AttentionExercise.splitHeads(dense(h, w.keyW(), w.keyB()), w.heads());
        NDArray v = AttentionExercise.splitHeads(dense(h, w.valueW(), w.valueB()), w.heads());
        NDArray context = AttentionExercise.mergeHeads(AttentionExercise.scaledDotProduct(q, k, v, mask).get(0));
        NDArray a = norm(h.add(dense(context, w.outputW(), w.outputB())), w.norm1Gamma(), w.norm1Beta(), w.eps());
        NDArray f = dense(Activation.gelu(dense(a, w.ff1W(), w.ff1B())), w.ff2W(), w.ff2B());
        return norm(a.add(f), w.norm2Gamma(), w.norm2Beta(), w.eps());
    }
}
