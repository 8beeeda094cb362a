package org.tlnlp.lesson06.exercises;

import ai.djl.ndarray.NDArray;
import org.tlnlp.grading.Exercise;
import org.tlnlp.grading.NotImplementedYet;
import org.tlnlp.models.gpt2.Gpt2;
import org.tlnlp.nn.Activations;
import org.tlnlp.nn.AttentionFunction;
import org.tlnlp.nn.LayerNormalization;

/**
 * Lesson 06, exercise 6.5: one GPT-2 decoder block, from its weights. NDArray operations only.
 */
public final class DecoderBlock {

    private DecoderBlock() {
    }

    /**
     * Exercise 6.5. One pre-LayerNorm decoder block:
     * <pre>
     *   a = ln_1(x)                          LayerNorm over the last axis with w.ln1Gamma(), w.ln1Beta(), w.eps()
     *   q, k, v = split(a · qkvW + qkvB)     qkvW is (width, 3·width): queries, keys, values side by side
     *   h = x + (causal multi-head attention of q, k, v with w.heads() heads) · projW + projB
     *   out = h + gelu(ln_2(h) · fcW + fcB) · fcProjW + fcProjB
     * </pre>
     * Weights are in Hugging Face's orientation (in, out): y = x · W + b. GELU is GPT-2's tanh approximation,
     * 0.5·x·(1 + tanh(sqrt(2/π)·(x + 0.044715·x³))). Split heads as in lesson 05: (B, T, heads·d) →
     * (B, heads, T, d). Attend with {@code attention.apply(q, k, v, mask, 0f, false).get(0)}: the attention and
     * the causal mask are given, so that this exercise stands on its own (the test passes the course's; the lab,
     * with {@code --mine}, yours). No dropout (evaluation).
     *
     * @param x         (B, T, width) hidden states
     * @param attention scaled dot-product attention over (B, heads, T, d) with an additive mask
     * @param mask      the causal mask (T, T)
     * @return (B, T, width)
     *
     * <p>Checked on blocks 0 and 1 of a checkpoint written by PyTorch: your output must match PyTorch's.
     */
    @Exercise(value = "6.5", mayNotUse = {Gpt2.Block.class, Gpt2.CausalSelfAttention.class, Gpt2.Mlp.class,
            LayerNormalization.class, Activations.class})
    public static NDArray forward(NDArray x, Gpt2.BlockWeights w, AttentionFunction attention, NDArray mask) {
        throw new NotImplementedYet("6.5 (DecoderBlock.forward)");
    }
}
