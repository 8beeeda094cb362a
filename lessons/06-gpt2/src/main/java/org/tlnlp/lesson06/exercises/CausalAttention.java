package org.tlnlp.lesson06.exercises;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.tlnlp.grading.Exercise;
import org.tlnlp.grading.NotImplementedYet;
import org.tlnlp.models.gpt2.Gpt2;
import org.tlnlp.nn.Attention;
import org.tlnlp.nn.AttentionFunction;

/**
 * Lesson 06, exercises 6.3, 6.4 and 6.7: attention that only looks back. NDArray operations only (no loops
 * over elements, no copies to Java arrays), so the code runs on a GPU as it is.
 */
public final class CausalAttention {

    /** Added to a score a query must not see; softmax turns it into a weight of 0. */
    public static final float MASKED = -1e9f;

    private CausalAttention() {
    }

    /**
     * Exercise 6.3. The additive causal mask for {@code tq} queries that are the last {@code tq} of
     * {@code tk} positions (tk >= tq; tk > tq when earlier keys come from a cache). Query i sits at
     * position {@code tk - tq + i} and may see keys 0..that position.
     *
     * @return a FLOAT32 array (tq, tk): 0 where the query may look, {@link #MASKED} where it may not
     *
     * <p>Example: tq = tk = 3 gives [[0, M, M], [0, 0, M], [0, 0, 0]].
     */
    @Exercise(value = "6.3", mayNotUse = Gpt2.class)
    public static NDArray causalMask(NDManager manager, long tq, long tk) {
        throw new NotImplementedYet("6.3 (CausalAttention.causalMask)");
    }

    /**
     * Exercise 6.4. Causal scaled dot-product attention:
     * {@code weights = softmax(Q Kᵀ / sqrt(d) + causalMask)}, {@code context = weights · V}.
     *
     * @param q (B, heads, Tq, d) queries: the last Tq positions
     * @param k (B, heads, Tk, d) keys of all positions so far
     * @param v (B, heads, Tk, d) values
     * @return an NDList of the context (B, heads, Tq, d) and the weights (B, heads, Tq, Tk)
     *
     * <p>The test also runs your function inside the course's GPT-2, loaded from a checkpoint that PyTorch
     * wrote, and compares the logits with PyTorch's.
     */
    @Exercise(value = "6.4", mayNotUse = {Gpt2.class, Attention.class})
    public static NDList attend(NDArray q, NDArray k, NDArray v) {
        throw new NotImplementedYet("6.4 (CausalAttention.attend)");
    }

    /**
     * Exercise 6.7. One decoding step with a KV cache: the new position's query, key and value
     * (B, heads, 1, d) and the cached keys and values of the positions before it (B, heads, T, d), or null
     * for the first step. Append the new key and value to the cache (along the time axis, 2) and attend
     * over all of them with {@code attention.apply(qNew, keys, values, null, 0f, false)}: the newest position
     * may see every key, so it needs no mask. (The attention is given so that this exercise stands on its own:
     * the test passes the course's.)
     *
     * @return an NDList of the context (B, heads, 1, d), then the keys and values (B, heads, T + 1, d) to
     *         cache for the next step
     *
     * <p>Checked: step by step over a sequence, the contexts equal causal attention over the whole sequence.
     */
    @Exercise(value = "6.7", mayNotUse = Gpt2.class)
    public static NDList cachedStep(NDArray qNew, NDArray kNew, NDArray vNew, NDArray pastK, NDArray pastV,
                                    AttentionFunction attention) {
        throw new NotImplementedYet("6.7 (CausalAttention.cachedStep)");
    }
}
