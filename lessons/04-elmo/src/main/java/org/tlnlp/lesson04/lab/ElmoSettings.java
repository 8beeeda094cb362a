package org.tlnlp.lesson04.lab;

import org.tlnlp.lab.LabSize;
import org.tlnlp.lab.Settings;
import org.tlnlp.models.elmo.ElmoOptions;

import java.util.List;

/**
 * The sizes of lab 04, each field set by name.
 *
 * @param vocab            words in the biLM's softmax (besides {@code <S>}, {@code </S>}, {@code <UNK>})
 * @param filters          the character CNN's convolutions
 * @param highway          highway layers after the CNN
 * @param charDim          width of a character embedding
 * @param lstmDim          the LSTM cell's width
 * @param projection       the LSTM's projected width (and the token encoder's)
 * @param maxWords         sentences are cut to this many words
 * @param batch            sentences per pre-training step
 * @param rounds           rounds of pre-training, each followed by a held-out evaluation
 * @param stepsPerRound    steps per round
 * @param evalSentences    held-out sentences for perplexity
 * @param learningRate     peak pre-training rate
 * @param tagTrain         training sentences of the tagging task
 * @param tagTest          test sentences of the tagging task
 * @param passagesPerGenre training passages per genre of the genre task
 * @param testPerGenre     test passages per genre
 * @param taskEpochs       epochs of each task's mix + classifier
 * @param taskSeeds        how many times each task's mix + classifier is trained, with different seeds
 */
public record ElmoSettings(int vocab, List<ElmoOptions.Filter> filters, int highway, int charDim, int lstmDim,
                           int projection, int maxWords, int batch, int rounds, int stepsPerRound, int evalSentences,
                           double learningRate, int tagTrain, int tagTest, int passagesPerGenre, int testPerGenre,
                           int taskEpochs, int taskSeeds) {

    static final ElmoSettings SMOKE = Settings.of(ElmoSettings.class, "vocab", 500,
            "filters", filters(1, 8, 2, 8, 3, 16), "highway", 1, "charDim", 8, "lstmDim", 32, "projection", 16,
            "maxWords", 20, "batch", 8, "rounds", 2, "stepsPerRound", 5, "evalSentences", 16, "learningRate", 2e-3,
            "tagTrain", 40, "tagTest", 10, "passagesPerGenre", 6, "testPerGenre", 3, "taskEpochs", 1, "taskSeeds", 2);

    static final ElmoSettings QUICK = Settings.of(ElmoSettings.class, "vocab", 10000,
            "filters", filters(1, 32, 2, 32, 3, 64, 4, 128), "highway", 1, "charDim", 16, "lstmDim", 256,
            "projection", 128, "maxWords", 25, "batch", 64, "rounds", 4, "stepsPerRound", 130, "evalSentences", 600,
            "learningRate", 2e-3, "tagTrain", 1500, "tagTest", 400, "passagesPerGenre", 80, "testPerGenre", 30,
            "taskEpochs", 8, "taskSeeds", 3);

    static final ElmoSettings FULL = Settings.of(ElmoSettings.class, "vocab", 30000,
            "filters", filters(1, 32, 2, 32, 3, 64, 4, 128, 5, 256, 6, 512), "highway", 2, "charDim", 16,
            "lstmDim", 2048, "projection", 256, "maxWords", 40, "batch", 64, "rounds", 10, "stepsPerRound", 1000,
            "evalSentences", 3000, "learningRate", 1e-3, "tagTrain", 8000, "tagTest", 2000, "passagesPerGenre", 300,
            "testPerGenre", 100, "taskEpochs", 10, "taskSeeds", 5);

    /** The character CNN's convolutions, given as (width, count) pairs. */
    static List<ElmoOptions.Filter> filters(int... widthCount) {
        List<ElmoOptions.Filter> out = new java.util.ArrayList<>();
        for (int i = 0; i < widthCount.length; i += 2) {
            out.add(new ElmoOptions.Filter(widthCount[i], widthCount[i + 1]));
        }
        return List.copyOf(out);
    }

    public static ElmoSettings of(LabSize size) {
        return size.pick(SMOKE, QUICK, FULL);
    }

    /** The model's options: two biLSTM layers with skip connections, cell and projection clipped at 3, as published. */
    public ElmoOptions options() {
        return new ElmoOptions(filters, highway, charDim, "relu", lstmDim, projection, 2, 3f, 3f, true);
    }
}
