package org.tlnlp.lesson01.lab;

import org.tlnlp.lab.LabSize;
import org.tlnlp.lab.Settings;

import java.util.List;

/**
 * The sizes of lab 01, each field set by name.
 *
 * @param vocabulary          words of the bag of words (part 2)
 * @param dimensions          dimensions of the shared space
 * @param sentencesPerPassage sentences per passage of part 2
 * @param epochs              epochs of each classifier of part 2
 * @param seeds               how many times each method of part 2 is trained, with different seeds
 * @param bpeVocab            BPE symbols learned from Brown's training documents for part 3's language models
 * @param lmShapes            part 3's GPT-2 shapes, "layers x width x heads", smallest first
 * @param lmContext           tokens per training window
 * @param lmBatch             windows per step
 * @param lmSteps             steps of every run (one recipe: warm-up, linear decay, AdamW)
 * @param lmRounds            validation losses per run, evenly spaced (the points of the compute frontier)
 * @param lmLearningRate      the recipe's peak learning rate, the same for every shape
 * @param evalWindows         validation windows behind every loss
 * @param dataShape           the shape of the data-size sweep (one of lmShapes: its full-data run is reused)
 * @param dataTokens          training tokens of the data-size sweep, smallest first; the full set is added
 * @param labelCounts         labelled sentences of part 4's learning curves, smallest first
 * @param efficiencySeeds     labelled subsets (and classifier seeds) per point of part 4
 * @param probeSteps          optimiser steps of each linear classifier of part 4
 * @param testSentences       sentiment test sentences used (0: all of the fixed test split)
 * @param fineTuneEpochs      epochs of end-to-end fine-tuning of MiniLM, pre-trained and from scratch (0: none)
 */
public record TransferSettings(int vocabulary, int dimensions, int sentencesPerPassage, int epochs, int seeds,
                               int bpeVocab, List<String> lmShapes, int lmContext, int lmBatch, int lmSteps,
                               int lmRounds, double lmLearningRate, int evalWindows, String dataShape,
                               List<Integer> dataTokens, List<Integer> labelCounts, int efficiencySeeds, int probeSteps,
                               int testSentences, int fineTuneEpochs) {

    static final TransferSettings SMOKE = Settings.of(TransferSettings.class, "vocabulary", 400, "dimensions", 8,
            "sentencesPerPassage", 12, "epochs", 3, "seeds", 2,
            "bpeVocab", 300, "lmShapes", List.of("1x16x2", "1x32x2", "2x32x2", "2x48x3", "2x64x4"), "lmContext", 32,
            "lmBatch", 8, "lmSteps", 12, "lmRounds", 3, "lmLearningRate", 2.5e-3, "evalWindows", 16,
            "dataShape", "1x32x2", "dataTokens", List.of(2_000, 8_000), "labelCounts", List.of(10, 40),
            "efficiencySeeds", 2, "probeSteps", 20, "testSentences", 40, "fineTuneEpochs", 0);

    static final TransferSettings QUICK = Settings.of(TransferSettings.class, "vocabulary", 3000, "dimensions", 20,
            "sentencesPerPassage", 6, "epochs", 12, "seeds", 5,
            "bpeVocab", 1024, "lmShapes", List.of("1x32x2", "2x48x3", "2x64x4", "3x96x6", "4x128x8"), "lmContext", 64,
            "lmBatch", 16, "lmSteps", 480, "lmRounds", 6, "lmLearningRate", 2.5e-3, "evalWindows", 200,
            "dataShape", "2x64x4", "dataTokens", List.of(10_000, 30_000, 90_000, 270_000),
            "labelCounts", List.of(25, 50, 100, 250, 500, 1000, 2000), "efficiencySeeds", 3, "probeSteps", 150,
            "testSentences", 0, "fineTuneEpochs", 0);

    static final TransferSettings FULL = Settings.of(TransferSettings.class, "vocabulary", 10000, "dimensions", 50,
            "sentencesPerPassage", 6, "epochs", 30, "seeds", 10,
            "bpeVocab", 8192, "lmShapes", List.of("2x64x4", "3x128x4", "4x192x6", "6x256x8", "6x384x6", "8x512x8"),
            "lmContext", 128, "lmBatch", 32, "lmSteps", 6000, "lmRounds", 12, "lmLearningRate", 1e-3,
            "evalWindows", 1000, "dataShape", "6x256x8", "dataTokens", List.of(30_000, 100_000, 300_000, 1_000_000),
            "labelCounts", List.of(25, 50, 100, 250, 500, 1000, 2000), "efficiencySeeds", 5, "probeSteps", 400,
            "testSentences", 0, "fineTuneEpochs", 4);

    public static TransferSettings of(LabSize size) {
        return size.pick(SMOKE, QUICK, FULL);
    }
}
