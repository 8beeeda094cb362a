package org.tlnlp.lesson05.lab;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.tlnlp.engine.Engines;
import org.tlnlp.lab.Mine;
import org.tlnlp.lesson05.exercises.AttentionExercise;
import org.tlnlp.lesson05.exercises.Pretraining;
import org.tlnlp.models.bert.MlmMasking;
import org.tlnlp.nn.Attention;
import org.tlnlp.nn.AttentionFunction;
import org.tlnlp.nn.Dropouts;

import java.util.Random;

/**
 * The pieces of lab 05 your exercises can replace ({@code ./course run 05-bert --mine}): the attention inside
 * every BERT of the lab (5.3) and the masked-LM corruption of pre-training (5.6).
 */
final class Yours {

    private Yours() {
    }

    /** Stops the lab up front, naming every exercise it needs that is not done yet. */
    static void check() {
        Mine.probes("05-bert")
                .add("5.3 (AttentionExercise.scaledDotProduct)", () -> {
                    try (NDManager m = Engines.newManager()) {
                        NDArray x = m.ones(new Shape(1, 1, 2, 2));
                        AttentionExercise.scaledDotProduct(x, x, x, null);
                    }
                })
                .add("5.6 (Pretraining.mask)", () -> Pretraining.mask(new int[] {5}, new boolean[] {false}, new Random(0),
                        1, 10, 2))
                .require();
    }

    /**
     * Attention: yours with {@code --mine}, else the library's. Yours computes the weights and the context; when
     * training, dropout on the weights is applied here as the library applies it.
     */
    static AttentionFunction attention() {
        if (!Mine.enabled()) {
            return Attention::scaledDotProduct;
        }
        return (q, k, v, mask, dropout, training) -> {
            NDList out = AttentionExercise.scaledDotProduct(q, k, v, mask);
            if (!training || dropout == 0) {
                return out;
            }
            return new NDList(Dropouts.apply(out.get(1), dropout, true).matMul(v), out.get(1));
        };
    }

    /** The masked-LM corruption: yours with {@code --mine}, else the library's. */
    static MlmMasking.Masker masker() {
        if (!Mine.enabled()) {
            return MlmMasking::mask;
        }
        return (ids, special, random, maskId, vocab, firstWord) -> {
            int[][] m = Pretraining.mask(ids, special, random, maskId, vocab, firstWord);
            return new MlmMasking.Masked(m[0], m[1]);
        };
    }
}
