package org.tlnlp.analysis.layers;

import org.tlnlp.analysis.MutualInformation;
import org.tlnlp.data.BrownTags;
import org.tlnlp.data.BrownTasks;
import org.tlnlp.engine.Rng;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The layer-evolution analyses of one model in one call, as every lab runs them: the model reads the
 * {@link BrownSample}, and each layer gets its mutual information with the input word and with the output label,
 * linear probes for part of speech (per word) and genre (per passage) with a scalar mix over all layers, and linear
 * CKA with every other layer.
 *
 * <p><b>The output label</b> depends on what the model was trained to predict ({@link Objective}): the next word for a
 * left-to-right LM (on the clean text, from each word's last piece); for ELMo's biLM the next word too, from the
 * forward direction's half of each layer; for a masked LM the original word at corrupted positions
 * ({@link WordCorruption}), with "the input" there being what the model was shown (the mask or another word), as
 * Voita, Sennrich and Titov (2019) measure it. In both experiments the occurrences are balanced on the label the
 * experiment is about: the input word for "MI with the input", the output label for "input and output".
 *
 * <p>Probes train on the words and passages of four passages in five and are tested on the fifth.
 */
public final class LayerAnalysis {

    private LayerAnalysis() {
    }

    /** What the model predicts from a word's vector, which decides the output label. */
    public enum Objective {
        /** A left-to-right language model (GPT-2): the next word. */
        NEXT_WORD,
        /** A masked language model (BERT): the original word at corrupted positions. */
        MASKED_WORD,
        /** ELMo's biLM: the next word, from the forward direction. */
        BIDIRECTIONAL_LM,
        /** No output experiment (a model fine-tuned for something else). */
        NONE
    }

    /**
     * @param mi         the MI selection and clustering of the input experiment
     * @param outputMi   the same for the input-and-output experiment (a masked LM's corrupted words are fewer than
     *                   the sample's words, so it may need fewer occurrences per value)
     * @param probes     probe and mix training
     * @param ckaRows    words the CKA matrix is computed on
     * @param batch      sentences per forward pass
     * @param corruption passes of corrupted input for a masked LM's output experiment
     */
    public record Settings(MutualInformation.Settings mi, MutualInformation.Settings outputMi, LayerProbes.Settings probes, int ckaRows, int batch,
                           int corruption) {
    }

    /**
     * One model's analyses.
     *
     * @param input   MI with the input word (the text as at test time)
     * @param output  MI with the input and with the output label, on the same clusters (null for {@code NONE})
     * @param pos     part-of-speech probes per layer and their mix
     * @param genre   genre probes per layer and their mix
     * @param cka     layer × layer linear CKA
     * @param seconds reading the sample (every pass of the model) and computing the measures
     */
    public record Result(String model, Objective objective, LayerMutualInformation.Result input,
                         LayerMutualInformation.Result output, LayerProbes.Scores pos, LayerProbes.Scores genre,
                         double[][] cka, double readSeconds, double seconds) {

        /** The names of the output experiment's two curves. */
        public static final String INPUT = "input word";
        public static final String OUTPUT = "output label";

        /** The model's layers, embeddings first. */
        public java.util.List<String> layers() {
            return input.layers();
        }
    }

    /** Everything above for {@code model}; its layer files are deleted before it returns. */
    public static Result run(ModelLayers model, Objective objective, BrownSample sample, Settings s, Rng rng) {
        return analyse(model, objective, sample, s, rng, true);
    }

    /** Only the two mutual-information experiments (probes, mix and CKA left out: {@code null} in the result). */
    public static Result mutualInformation(ModelLayers model, Objective objective, BrownSample sample, Settings s, Rng rng) {
        return analyse(model, objective, sample, s, rng, false);
    }

    private static Result analyse(ModelLayers model, Objective objective, BrownSample sample, Settings s, Rng rng,
                                  boolean everything) {
        long t0 = System.nanoTime();
        try (LayerStates states = model.extract(sample, s.batch())) {
            double read = (System.nanoTime() - t0) / 1e9;
            int[] types = sample.types();
            LayerMutualInformation.Result input = LayerMutualInformation.of(states, types,
                    Map.of(Result.INPUT, types), s.mi(), rng.split("mi input"));
            LayerMutualInformation.Result output = null;
            switch (objective) {
                case NEXT_WORD -> output = inputAndOutput(states, types, sample.nextTypes(), s, rng);
                case BIDIRECTIONAL_LM -> output = inputAndOutput(((ElmoLayers) model).forwardHalf(states), types,
                        sample.nextTypes(), s, rng);
                case MASKED_WORD -> {
                    long t1 = System.nanoTime();
                    try (ModelLayers.Corrupted c = model.extractCorrupted(sample,
                            WordCorruption.bert(s.corruption(), rng.split("corruption").seed()), s.batch())) {
                        read += (System.nanoTime() - t1) / 1e9;
                        output = inputAndOutput(c.states(), c.inputTypes(), c.outputTypes(), s, rng);
                    }
                }
                case NONE -> {
                }
            }
            if (!everything) {
                return new Result(model.name(), objective, input, output, null, null, null, read,
                        (System.nanoTime() - t0) / 1e9);
            }
            boolean[] trainWord = new boolean[sample.words()];
            int[] passageOf = sample.passageOf();
            for (int i = 0; i < trainWord.length; i++) {
                trainWord[i] = passageOf[i] % 5 != 4;
            }
            boolean[] trainPassage = new boolean[sample.passages()];
            for (int p = 0; p < trainPassage.length; p++) {
                trainPassage[p] = p % 5 != 4;
            }
            LayerProbes.Scores pos = LayerProbes.words("part of speech", states, sample.tags(), BrownTags.UNIVERSAL.size(),
                    trainWord, s.probes(), rng.split("pos"));
            LayerProbes.Scores genre = LayerProbes.passages("genre", states, passageOf, sample.passageGenres(),
                    BrownTasks.GENRES.size(), trainPassage, s.probes(), rng.split("genre"));
            double[][] cka = LayerSimilarity.within(states, LayerSimilarity.rows(states.rows(), s.ckaRows(), rng.split("cka")));
            return new Result(model.name(), objective, input, output, pos, genre, cka, read, (System.nanoTime() - t0) / 1e9);
        }
    }

    /** MI with the input and with the output label on one clustering, balanced on the output label. */
    static LayerMutualInformation.Result inputAndOutput(LayerStates states, int[] in, int[] out, Settings s, Rng rng) {
        Map<String, int[]> labels = new LinkedHashMap<>();
        labels.put(Result.INPUT, in);
        labels.put(Result.OUTPUT, out);
        return LayerMutualInformation.of(states, out, labels, s.outputMi(), rng.split("mi output"));
    }
}
