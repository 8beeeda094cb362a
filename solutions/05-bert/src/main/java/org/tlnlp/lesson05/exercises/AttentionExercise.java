package org.tlnlp.lesson05.exercises;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/** Answer key for lesson 05, exercises 5.3 and 5.4. */
public final class AttentionExercise {

    private AttentionExercise() {
    }

    /** 5.3: softmax(Q Kᵀ / sqrt(d) + mask) V. */
    public static NDList scaledDotProduct(NDArray q, NDArray k, NDArray v, NDArray mask) {
        float scale = (float) (1.0 / Math.sqrt(q.getShape().get(3)));
        NDArray scores = q.matMul(k.swapAxes(2, 3)).mul(scale);
        if (mask != null) {
            scores = scores.add(mask);
        }
        NDArray weights = scores.softmax(3);
        return new NDList(weights.matMul(v), weights);
    }

    /** 5.4a. */
    public static NDArray splitHeads(NDArray x, int heads) {
        long[] s = x.getShape().getShape();
        return x.reshape(s[0], s[1], heads, s[2] / heads).swapAxes(1, 2);
    }

    /** 5.4b. */
    public static NDArray mergeHeads(NDArray x) {
        long[] s = x.getShape().getShape();
        return x.swapAxes(1, 2).reshape(s[0], s[2], s[1] * s[3]);
    }
}
