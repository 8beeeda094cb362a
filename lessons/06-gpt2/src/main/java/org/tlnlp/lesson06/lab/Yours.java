package org.tlnlp.lesson06.lab;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.tlnlp.engine.Engines;
import org.tlnlp.lab.Mine;
import org.tlnlp.lesson06.exercises.CausalAttention;
import org.tlnlp.lesson06.exercises.Decoding;
import org.tlnlp.models.gpt2.Sampling;
import org.tlnlp.nn.Attention;
import org.tlnlp.nn.AttentionFunction;
import org.tlnlp.nn.Dropouts;


/**
 * The pieces of lab 06 your exercises can replace ({@code ./course run 06-gpt2 --mine}): causal attention inside
 * every GPT-2 of the lab (6.3, 6.4) and the top-k and top-p filters of sampling (6.6).
 */
final class Yours {

    private Yours() {
    }

    /** Stops the lab up front, naming every exercise it needs that is not done yet. */
    static void check() {
        Mine.probes("06-gpt2")
                .add("6.3 (CausalAttention.causalMask)", () -> {
                    try (NDManager m = Engines.newManager()) {
                        CausalAttention.causalMask(m, 1, 1);
                    }
                })
                .add("6.4 (CausalAttention.attend)", () -> {
                    try (NDManager m = Engines.newManager()) {
                        NDArray x = m.ones(new Shape(1, 1, 2, 2));
                        CausalAttention.attend(x, x, x);
                    }
                })
                .add("6.6 (Decoding.topK)", () -> Decoding.topK(new float[] {1, 2}, 1))
                .add("6.6 (Decoding.topP)", () -> Decoding.topP(new float[] {1, 2}, 0.5))
                .require();
    }

    /**
     * Causal attention: yours with {@code --mine} (it builds its own causal mask from the shapes), else the
     * library's with the model's mask. When training, dropout on the weights is applied here as the library does.
     */
    static AttentionFunction attention() {
        if (!Mine.enabled()) {
            return Attention::scaledDotProduct;
        }
        return (q, k, v, mask, dropout, training) -> {
            NDList out = CausalAttention.attend(q, k, v);
            if (!training || dropout == 0) {
                return out;
            }
            return new NDList(Dropouts.apply(out.get(1), dropout, true).matMul(v), out.get(1));
        };
    }

    /** Sampling's filters: yours with {@code --mine}, else the library's. */
    static Sampling.Filters filters() {
        if (!Mine.enabled()) {
            return Sampling.Filters.LIBRARY;
        }
        return new Sampling.Filters() {
            @Override
            public float[] topK(float[] logits, int k) {
                return Decoding.topK(logits, k);
            }

            @Override
            public float[] topP(float[] logits, double p) {
                return Decoding.topP(logits, p);
            }
        };
    }
}
