package org.tlnlp.lesson06.exercises;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import org.tlnlp.models.Gpt2;

/** Answer key for lesson 06, exercise 6.5. */
public final class DecoderBlock {

    private DecoderBlock() {
    }

    /** 6.5: x + attn(ln_1(x)), then + mlp(ln_2(·)). */
    public static NDArray forward(NDArray x, Gpt2.BlockWeights w) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        long width = x.getShape().get(2);
        int heads = w.heads();
        NDArray a = layerNorm(x, w.ln1Gamma(), w.ln1Beta(), w.eps());
        NDList qkv = a.matMul(w.qkvW()).add(w.qkvB()).split(3, 2);
        NDArray q = split(qkv.get(0), heads);
        NDArray k = split(qkv.get(1), heads);
        NDArray v = split(qkv.get(2), heads);
        NDArray ctx = CausalAttention.attend(q, k, v).get(0).swapAxes(1, 2).reshape(b, t, width);
        NDArray h = x.add(ctx.matMul(w.projW()).add(w.projB()));
        NDArray m = gelu(layerNorm(h, w.ln2Gamma(), w.ln2Beta(), w.eps()).matMul(w.fcW()).add(w.fcB()));
        return h.add(m.matMul(w.fcProjW()).add(w.fcProjB()));
    }

    static NDArray split(NDArray x, int heads) {
        long[] s = x.getShape().getShape();
        return x.reshape(s[0], s[1], heads, s[2] / heads).swapAxes(1, 2);
    }

    static NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta, float eps) {
        NDArray mean = x.mean(new int[] {-1}, true);
        NDArray centred = x.sub(mean);
        NDArray var = centred.square().mean(new int[] {-1}, true);
        return centred.div(var.add(eps).sqrt()).mul(gamma).add(beta);
    }

    static NDArray gelu(NDArray x) {
        NDArray inner = x.add(x.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
        return x.mul(0.5).mul(inner.tanh().add(1));
    }
}
