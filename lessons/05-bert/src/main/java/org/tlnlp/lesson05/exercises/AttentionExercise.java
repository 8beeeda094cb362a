package org.tlnlp.lesson05.exercises;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import org.tlnlp.grading.Exercise;
import org.tlnlp.grading.NotImplementedYet;
import org.tlnlp.nn.Attention;

/**
 * Lesson 05, exercises 5.3 and 5.4: multi-head self-attention. NDArray operations only (no loops over
 * elements, no copies to Java arrays), so the code runs on a GPU as it is.
 */
public final class AttentionExercise {

    private AttentionExercise() {
    }

    /**
     * Exercise 5.3. Scaled dot-product attention: {@code weights = softmax(Q Kᵀ / sqrt(d) + mask)} over the
     * last axis, {@code context = weights · V}.
     *
     * @param q    (B, heads, T, d) queries
     * @param k    (B, heads, T, d) keys
     * @param v    (B, heads, T, d) values
     * @param mask additive mask broadcastable to (B, heads, T, T): 0 where a query may look, a large negative
     *             number (e.g. -1e9) where it may not (padding); or null for no mask
     * @return an NDList of the context (B, heads, T, d) and the weights (B, heads, T, T)
     *
     * <p>The test also runs your function inside the course's BERT, loaded with all-MiniLM-L6-v2's weights,
     * and compares the result with ONNX Runtime.
     */
    @Exercise(value = "5.3", mayNotUse = Attention.class)
    public static NDList scaledDotProduct(NDArray q, NDArray k, NDArray v, NDArray mask) {
        throw new NotImplementedYet("5.3 (AttentionExercise.scaledDotProduct)");
    }

    /** Exercise 5.4a. (B, T, heads·d) → (B, heads, T, d): reshape to (B, T, heads, d), then swap axes 1 and 2. */
    @Exercise(value = "5.4", mayNotUse = Attention.class)
    public static NDArray splitHeads(NDArray x, int heads) {
        throw new NotImplementedYet("5.4 (AttentionExercise.splitHeads)");
    }

    /** Exercise 5.4b. (B, heads, T, d) → (B, T, heads·d): the inverse of {@link #splitHeads}. */
    @Exercise(value = "5.4", mayNotUse = Attention.class)
    public static NDArray mergeHeads(NDArray x) {
        throw new NotImplementedYet("5.4 (AttentionExercise.mergeHeads)");
    }
}
