package org.tlnlp.lesson04;

import org.junit.jupiter.api.Test;
import org.tlnlp.grading.Graded;
import org.tlnlp.lesson04.exercises.BiLm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Graded tests of exercises 4.5 and 4.6. */
class BiLmTest {

    @Test
    @Graded(exercise = "4.5", kind = Graded.Kind.RECIPE, title = "the backward LM's targets",
            hint = "Position k of the backward LM predicts the word at k − 1; the first position predicts nothing (−1).")
    void backwardTargets() {
        assertArrayEquals(new int[] {-1, 0, 5, 6}, BiLm.backwardTargets(new int[] {0, 5, 6, 1}),
                "<S> the jury </S>: each position predicts the word before it");
        assertArrayEquals(new int[] {-1, 3}, BiLm.backwardTargets(new int[] {3, 4}));
        assertArrayEquals(new int[] {-1}, BiLm.backwardTargets(new int[] {9}));
    }

    @Test
    @Graded(exercise = "4.6", kind = Graded.Kind.RECIPE, title = "perplexity from batch losses",
            hint = "Weigh each batch’s mean loss by its count of tokens, then exp(total loss / total tokens): the mean of means is not the mean.")
    void perplexity() {
        assertEquals(Math.exp(1.75), BiLm.perplexity(new double[] {1, 2}, new long[] {1, 3}), 1e-9,
                "weigh each batch's mean loss by its token count");
        assertEquals(100.0, BiLm.perplexity(new double[] {Math.log(100)}, new long[] {7}), 1e-9,
                "a mean loss of ln 100 is a perplexity of 100");
        assertEquals(Math.exp(2), BiLm.perplexity(new double[] {2, 2, 2}, new long[] {5, 1, 9}), 1e-9);
    }
}
