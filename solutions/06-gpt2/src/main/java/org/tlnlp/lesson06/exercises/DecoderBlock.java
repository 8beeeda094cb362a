package org.tlnlp.lesson06.exercises;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import org.tlnlp.grading.Exercise;
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
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        long width = x.getShape().get(2);
        int heads = w.heads();
        NDArray a = layerNorm(x, w.ln1Gamma(), w.ln1Beta(), w.eps());
        NDList qkv = a.matMul(w.qkvW()).add(w.qkvB()).split(3, 2);
        NDArray q = split(qkv.get(0), heads);
        NDArray k = split(qkv.get(1), heads);
        NDArray v = split(qkv.get(2), heads);
        NDArray ctx = attention.apply(q, k, v, mask, 0f, false).get(0).swapAxes(1, 2).reshape(b, t, width);
        NDArray h = x.add(ctx.matMul(w.projW()).add(w.projB()));
        NDArray m = gelu(layerNorm(h, w.ln2Gamma(), w.ln2Beta(), w.eps()).matMul(w.fcW()).add(w.fcB()));
        return h.add(m.matMul(w.fcProjW()).add(w.fcProjB()));
    }

    private static NDArray split(NDArray x, int heads) {
        long[] s = x.getShape().getShape();
        return x.reshape(s[0], s[1], heads, s[2] / heads).swapAxes(1, 2);
    }

    private static NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta, float eps) {
        NDArray mean = x.mean(new int[] {-1}, true);
        NDArray centred = x.sub(mean);
        NDArray var = centred.square().mean(new int[] {-1}, true);
        return centred.div(var.add(eps).sqrt()).mul(gamma).add(beta);
    }

    private static NDArray gelu(NDArray x) {
        NDArray inner = x.add(x.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
        return x.mul(0.5).mul(inner.tanh().add(1));
    }
}
