package org.tlnlp.lesson06.lab;

import org.tlnlp.lab.LabSize;
import org.tlnlp.lab.Settings;

/**
 * The sizes of lab 06, each field set by name.
 *
 * @param vocab            BPE symbols learned from Brown (with {@code <|endoftext|>})
 * @param layers           decoder blocks
 * @param width            the model's width
 * @param heads            attention heads
 * @param context          tokens per window
 * @param dropout          dropout while pre-training
 * @param learningRate     peak pre-training rate
 * @param batch            windows per step (and sequences per fine-tuning step)
 * @param rounds           rounds of pre-training, each followed by a validation loss
 * @param stepsPerRound    steps per round
 * @param evalWindows      validation and test windows
 * @param passagesPerGenre training passages per genre
 * @param testPerGenre     test passages per genre
 * @param genreEpochs      epochs of fine-tuning on "text = label"
 * @param genreSeeds       how many times the genre fine-tuning runs, with different seeds
 * @param tagTrain         training sentences of the tagging transduction
 * @param tagTest          test sentences
 * @param tagEpochs        epochs of fine-tuning on "sentence = tags"
 * @param maxTagWords      longest sentence of the tagging task
 */
public record Gpt2Settings(int vocab, int layers, int width, int heads, int context, float dropout, double learningRate,
                           int batch, int rounds, int stepsPerRound, int evalWindows, int passagesPerGenre, int testPerGenre,
                           int genreEpochs, int genreSeeds, int tagTrain, int tagTest, int tagEpochs, int maxTagWords) {

    static final Gpt2Settings SMOKE = Settings.of(Gpt2Settings.class, "vocab", 400, "layers", 1, "width", 32,
            "heads", 2, "context", 64, "dropout", 0f, "learningRate", 2.5e-3, "batch", 8, "rounds", 2,
            "stepsPerRound", 6, "evalWindows", 16, "passagesPerGenre", 6, "testPerGenre", 3, "genreEpochs", 1, "genreSeeds", 2,
            "tagTrain", 24, "tagTest", 4, "tagEpochs", 1, "maxTagWords", 8);

    static final Gpt2Settings QUICK = Settings.of(Gpt2Settings.class, "vocab", 1024, "layers", 4, "width", 128,
            "heads", 4, "context", 128, "dropout", 0f, "learningRate", 2.5e-3, "batch", 16, "rounds", 5,
            "stepsPerRound", 220, "evalWindows", 300, "passagesPerGenre", 120, "testPerGenre", 40, "genreEpochs", 3, "genreSeeds", 3,
            "tagTrain", 4000, "tagTest", 200, "tagEpochs", 2, "maxTagWords", 12);

    static final Gpt2Settings FULL = Settings.of(Gpt2Settings.class, "vocab", 8192, "layers", 6, "width", 384,
            "heads", 6, "context", 256, "dropout", 0.1f, "learningRate", 1e-3, "batch", 32, "rounds", 10,
            "stepsPerRound", 2000, "evalWindows", 2000, "passagesPerGenre", 400, "testPerGenre", 100,
            "genreEpochs", 4, "genreSeeds", 5, "tagTrain", 10000, "tagTest", 500, "tagEpochs", 3, "maxTagWords", 25);

    public static Gpt2Settings of(LabSize size) {
        return size.pick(SMOKE, QUICK, FULL);
    }
}
