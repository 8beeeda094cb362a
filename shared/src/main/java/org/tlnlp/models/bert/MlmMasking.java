package org.tlnlp.models.bert;

import java.util.Random;

/**
 * BERT's masked-language-model corruption: each position that is not a special token is chosen with
 * probability 15%; a chosen token becomes [MASK] 80% of the time, a random word piece 10%, and stays
 * itself 10%. The label of a chosen position is its original id; every other label is {@link #IGNORE}.
 */
public final class MlmMasking {

    /** The label of positions the loss skips (as in PyTorch's cross-entropy ignore_index). */
    public static final int IGNORE = -100;

    /** The corrupted inputs and the labels. */
    public record Masked(int[] inputs, int[] labels) {
    }

    /** How a sequence is masked: {@link #mask}, or a learner's own (with {@code --mine}). */
    @FunctionalInterface
    public interface Masker {
        Masked mask(int[] ids, boolean[] special, Random random, int maskId, int vocabSize, int firstWord);
    }

    private MlmMasking() {
    }

    /**
     * @param ids       the token ids
     * @param special   true where a token is special ([CLS], [SEP], [PAD]): never chosen
     * @param random    the run's seeded generator
     * @param maskId    the id of [MASK]
     * @param vocabSize random replacements are drawn from {@code [firstWord, vocabSize)}
     * @param firstWord the first id that is an ordinary word piece
     */
    public static Masked mask(int[] ids, boolean[] special, Random random, int maskId, int vocabSize, int firstWord) {
        int[] inputs = ids.clone();
        int[] labels = new int[ids.length];
        java.util.Arrays.fill(labels, IGNORE);
        for (int i = 0; i < ids.length; i++) {
            if (special[i] || random.nextDouble() >= 0.15) {
                continue;
            }
            labels[i] = ids[i];
            double r = random.nextDouble();
            if (r < 0.8) {
                inputs[i] = maskId;
            } else if (r < 0.9) {
                inputs[i] = firstWord + random.nextInt(vocabSize - firstWord);
            }
        }
        return new Masked(inputs, labels);
    }
}
