package org.tlnlp.lesson05.lab;

import org.tlnlp.lab.LabSize;
import org.tlnlp.lab.Settings;

/**
 * The sizes of lab 05, each field set by name.
 *
 * @param hidden           the small BERT's width
 * @param layers           its encoder layers
 * @param heads            its attention heads
 * @param maxLength        word pieces per sentence pair or passage
 * @param batch            sentence pairs per pre-training step (and passages per evaluation batch)
 * @param pretrainEpochs   rounds of pre-training, each followed by a held-out evaluation
 * @param stepsPerEpoch    steps per round
 * @param passagesPerGenre training passages per genre
 * @param testPerGenre     test passages per genre
 * @param fineTuneEpochs   epochs of each fine-tuning run
 * @param seeds            how many times each classifier of part 3 is trained, with different seeds
 * @param sentimentTrain   training sentences of part 4 (even over the three sites and two labels)
 * @param sentimentTest    test sentences of part 4 (at most the 301 of the fixed test split)
 * @param sentimentMaxLength word pieces per sentence in part 4
 * @param sentimentEpochs  epochs of each fine-tuning run in part 4
 * @param sentimentSeeds   how many times each classifier of part 4 is trained (BERT-base is costly on a CPU)
 */
public record BertSettings(int hidden, int layers, int heads, int maxLength, int batch, int pretrainEpochs,
                           int stepsPerEpoch, int passagesPerGenre, int testPerGenre, int fineTuneEpochs, int seeds, int sentimentTrain,
                           int sentimentTest, int sentimentMaxLength, int sentimentEpochs, int sentimentSeeds) {

    static final BertSettings SMOKE = Settings.of(BertSettings.class, "hidden", 64, "layers", 2, "heads", 2,
            "maxLength", 32, "batch", 16, "pretrainEpochs", 2, "stepsPerEpoch", 5, "passagesPerGenre", 12,
            "testPerGenre", 6, "fineTuneEpochs", 1, "seeds", 2, "sentimentTrain", 24, "sentimentTest", 20,
            "sentimentMaxLength", 16, "sentimentEpochs", 1, "sentimentSeeds", 1);

    static final BertSettings QUICK = Settings.of(BertSettings.class, "hidden", 128, "layers", 2, "heads", 2,
            "maxLength", 64, "batch", 32, "pretrainEpochs", 10, "stepsPerEpoch", 150, "passagesPerGenre", 120,
            "testPerGenre", 40, "fineTuneEpochs", 2, "seeds", 3, "sentimentTrain", 480, "sentimentTest", 301,
            "sentimentMaxLength", 48, "sentimentEpochs", 1, "sentimentSeeds", 2);

    static final BertSettings FULL = Settings.of(BertSettings.class, "hidden", 256, "layers", 4, "heads", 4,
            "maxLength", 128, "batch", 32, "pretrainEpochs", 20, "stepsPerEpoch", 500, "passagesPerGenre", 400,
            "testPerGenre", 100, "fineTuneEpochs", 4, "seeds", 5, "sentimentTrain", 2398, "sentimentTest", 301,
            "sentimentMaxLength", 64, "sentimentEpochs", 3, "sentimentSeeds", 5);

    public static BertSettings of(LabSize size) {
        return size.pick(SMOKE, QUICK, FULL);
    }
}
