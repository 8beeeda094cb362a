package org.tlnlp.lesson03.lab;

import org.tlnlp.lab.LabSize;
import org.tlnlp.lab.Settings;

/**
 * The sizes of lab 03, each field set by name.
 *
 * @param bertBase         start from BERT-base uncased with its masked-LM head instead of pre-training a small BERT
 *                         (the small model's sizes and pre-training settings are then unused)
 * @param vocab            word pieces kept of bert-base-uncased's vocabulary (the most frequent in Brown; 0 = all)
 * @param hidden           the small BERT's width
 * @param layers           its encoder layers
 * @param heads            its attention heads
 * @param pairLength       word pieces per pre-training sentence pair (and per genre passage)
 * @param pretrainSteps    masked-LM steps of pre-training
 * @param pretrainBatch    sentence pairs per pre-training step
 * @param pretrainRate     peak pre-training rate
 * @param heldPairs        held-out Brown pairs the masked-LM score (forgetting) is measured on
 * @param trainSentences   sentiment sentences fine-tuned on
 * @param sentenceLength   word pieces per sentiment sentence
 * @param batch            sentences per fine-tuning step
 * @param epochs           fine-tuning epochs (gradual unfreezing unfreezes one depth per epoch)
 * @param fineTuneRate     the top rate of every scheme that trains the encoder
 * @param headRate         the rate of feature extraction (only the head trains)
 * @param l2spAlpha        L2-SP's α (towards w⁰)
 * @param l2spBeta         L2-SP's β (the head, towards 0)
 * @param ewcLambda        EWC's λ, with the Fisher scaled to mean 1 (so on L2-SP's α scale)
 * @param mixout           Mixout's probability
 * @param fisherExamples   examples (one backward pass each) behind each Fisher diagonal
 * @param seeds            fine-tuning seeds per scheme (pre-training runs once)
 * @param ckaSentences     held-out Brown sentences the layer similarity is measured on
 * @param genrePerGenre    training passages per genre (task B of the sequential part)
 * @param genreTestPerGenre test passages per genre
 * @param gptVocab         BPE symbols of the small GPT-2
 * @param gptLayers        its blocks
 * @param gptWidth         its width
 * @param gptContext       its context
 * @param gptSteps         its pre-training steps (16 windows each)
 * @param gptReviews       review sentences its language model is fine-tuned on
 * @param gptEpochs        epochs of that fine-tuning
 * @param gptSeeds         seeds per scheme
 * @param gptWindows       held-out Brown windows its perplexity is measured on
 */
public record OptimizationSettings(boolean bertBase, int vocab, int hidden, int layers, int heads, int pairLength, int pretrainSteps,
                                   int pretrainBatch, double pretrainRate, int heldPairs, int trainSentences,
                                   int sentenceLength, int batch, int epochs, double fineTuneRate, double headRate,
                                   double l2spAlpha, double l2spBeta, double ewcLambda, double mixout, int fisherExamples,
                                   int seeds, int ckaSentences, int genrePerGenre, int genreTestPerGenre, int gptVocab,
                                   int gptLayers, int gptWidth, int gptContext, int gptSteps, int gptReviews,
                                   int gptEpochs, int gptSeeds, int gptWindows) {

    /** What every size shares: the schemes' settings, fixed before any run and not tuned on its results. */
    private static Object[] schemes(Object... rest) {
        Object[] common = {"fineTuneRate", 5e-4, "headRate", 5e-3, "l2spAlpha", 0.1, "l2spBeta", 0.01, "ewcLambda", 0.1,
                "mixout", 0.9, "pretrainRate", 1e-3};
        Object[] out = new Object[common.length + rest.length];
        System.arraycopy(common, 0, out, 0, common.length);
        System.arraycopy(rest, 0, out, common.length, rest.length);
        return out;
    }

    static final OptimizationSettings SMOKE = Settings.of(OptimizationSettings.class, schemes("bertBase", false, "vocab", 800, "hidden", 32,
            "layers", 2, "heads", 2, "pairLength", 32, "pretrainSteps", 6, "pretrainBatch", 8, "heldPairs", 16,
            "trainSentences", 48, "sentenceLength", 24, "batch", 16, "epochs", 3, "fisherExamples", 6, "seeds", 2,
            "ckaSentences", 8, "genrePerGenre", 6, "genreTestPerGenre", 3, "gptVocab", 300, "gptLayers", 1,
            "gptWidth", 32, "gptContext", 32, "gptSteps", 6, "gptReviews", 32, "gptEpochs", 1, "gptSeeds", 1,
            "gptWindows", 16));

    static final OptimizationSettings QUICK = Settings.of(OptimizationSettings.class, schemes("bertBase", false, "vocab", 4096,
            "hidden", 128, "layers", 4, "heads", 2, "pairLength", 48, "pretrainSteps", 600, "pretrainBatch", 32,
            "heldPairs", 192, "trainSentences", 600, "sentenceLength", 40, "batch", 32, "epochs", 4,
            "fisherExamples", 64, "seeds", 3, "ckaSentences", 64, "genrePerGenre", 40, "genreTestPerGenre", 30,
            "gptVocab", 1024, "gptLayers", 2, "gptWidth", 128, "gptContext", 64, "gptSteps", 300, "gptReviews", 600,
            "gptEpochs", 2, "gptSeeds", 2, "gptWindows", 200));

    static final OptimizationSettings FULL = Settings.of(OptimizationSettings.class, schemes("bertBase", true, "vocab", 0, "hidden", 768,
            "layers", 12, "heads", 12, "pairLength", 128, "pretrainSteps", 0, "pretrainBatch", 64, "heldPairs", 2000,
            "trainSentences", 2400, "sentenceLength", 64, "batch", 32, "epochs", 8, "fisherExamples", 1000, "seeds", 5,
            "ckaSentences", 256, "genrePerGenre", 400, "genreTestPerGenre", 100, "gptVocab", 8192, "gptLayers", 6,
            "gptWidth", 384, "gptContext", 256, "gptSteps", 20000, "gptReviews", 2400, "gptEpochs", 3, "gptSeeds", 5,
            "gptWindows", 2000));

    public static OptimizationSettings of(LabSize size) {
        return size.pick(SMOKE, QUICK, FULL);
    }
}
