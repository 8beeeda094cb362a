package org.tlnlp.lesson04.exercises;

import org.tlnlp.grading.Exercise;
import org.tlnlp.grading.NotImplementedYet;
import org.tlnlp.models.elmo.BiLanguageModel;
import org.tlnlp.models.elmo.BiLmBatch;

/**
 * Lesson 04, exercises 4.5 and 4.6: the two language models' targets, and perplexity. Plain Java.
 */
public final class BiLm {

    private BiLm() {
    }

    /**
     * Exercise 4.5. The backward language model reads a sentence right to left, so its output at position k
     * predicts the word at k − 1. For word ids w_0 .. w_{n−1} (w_0 = {@code <S>}, w_{n−1} = {@code </S>}),
     * return t with t[k] = w_{k−1} for k >= 1 and t[0] = −1 (nothing to predict before {@code <S>}).
     *
     * <p>Example: [0, 5, 6, 1] → [−1, 0, 5, 6]. (The forward model's targets are the mirror image:
     * [5, 6, 1, −1].)
     */
    @Exercise(value = "4.5", mayNotUse = BiLmBatch.class)
    public static int[] backwardTargets(int[] wordIds) {
        throw new NotImplementedYet("4.5 (BiLm.backwardTargets)");
    }

    /**
     * Exercise 4.6. Perplexity from the losses of several batches: batch i predicted {@code counts[i]} tokens
     * with a mean loss (negative log-likelihood, in nats) of {@code meanLosses[i]}. The perplexity is exp of
     * the mean loss per token over all batches together (weigh each batch by its token count).
     *
     * <p>Example: losses {1, 2} over counts {1, 3} → exp((1·1 + 2·3) / 4) = exp(1.75).
     */
    @Exercise(value = "4.6", mayNotUse = BiLanguageModel.class)
    public static double perplexity(double[] meanLosses, long[] counts) {
        throw new NotImplementedYet("4.6 (BiLm.perplexity)");
    }
}
