package org.tlnlp.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.norm.Dropout;

/**
 * The arithmetic of multi-head attention (Vaswani et al. 2017), shared by BERT and GPT-2:
 * {@code softmax(Q Kᵀ / sqrt(d) + mask) V}, computed for all heads at once.
 */
public final class Attention {

    /** Added to the scores of positions a query must not see: large enough that softmax gives them 0. */
    public static final float MASKED = -1e9f;

    private Attention() {
    }

    /** (B, T, heads·d) → (B, heads, T, d). */
    public static NDArray splitHeads(NDArray x, int heads) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        long width = x.getShape().get(2);
        if (width % heads != 0) {
            throw new IllegalArgumentException("width " + width + " of " + x.getShape() + " is not divisible by "
                    + heads + " heads");
        }
        return x.reshape(b, t, heads, width / heads).transpose(0, 2, 1, 3);
    }

    /** (B, heads, T, d) → (B, T, heads·d): the inverse of {@link #splitHeads}. */
    public static NDArray mergeHeads(NDArray x) {
        long b = x.getShape().get(0);
        long h = x.getShape().get(1);
        long t = x.getShape().get(2);
        long d = x.getShape().get(3);
        return x.transpose(0, 2, 1, 3).reshape(b, t, h * d);
    }

    /** An attention mask (B, T) of 1 (token) and 0 (padding) as additive scores (B, 1, 1, T). */
    public static NDArray paddingMask(NDArray attentionMask) {
        NDArray m = attentionMask.toType(DataType.FLOAT32, false);
        long b = m.getShape().get(0);
        long t = m.getShape().get(1);
        return m.neg().add(1f).mul(MASKED).reshape(b, 1, 1, t);
    }

    /**
     * Scaled dot-product attention. {@code q, k, v}: (B, heads, T, d); {@code mask}: additive, broadcast
     * to (B, heads, T, T), or null. Returns the context (B, heads, T, d) and the attention weights
     * (B, heads, T, T).
     */
    public static NDList scaledDotProduct(NDArray q, NDArray k, NDArray v, NDArray mask, float dropout, boolean training) {
        double d = q.getShape().get(3);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).div(Math.sqrt(d));
        if (mask != null) {
            scores = scores.add(mask);
        }
        NDArray weights = scores.softmax(-1);
        NDArray dropped = training && dropout > 0 ? Dropout.dropout(weights, dropout, true).singletonOrThrow() : weights;
        return new NDList(dropped.matMul(v), weights);
    }
}
