package org.tlnlp.lesson04.lab;

import ai.djl.ndarray.NDManager;
import org.tlnlp.analysis.layers.LayerSizes;
import org.tlnlp.data.BrownTasks;
import org.tlnlp.data.Split;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.lab.LabReport;
import org.tlnlp.lab.LabSize;
import org.tlnlp.models.elmo.BiLanguageModel;
import org.tlnlp.models.elmo.BiLmBatch;
import org.tlnlp.models.elmo.Elmo;
import org.tlnlp.plot.Figures;
import org.tlnlp.plot.Tables;
import org.tlnlp.text.Vocabulary;
import org.tlnlp.train.History;
import org.tlnlp.train.Recipe;
import org.tlnlp.train.SampledBatches;
import org.tlnlp.train.TrainLoop;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Lab 04: ELMo. (1) A small ELMo pre-trained on Brown's training sentences as a forward and a backward
 * language model, against a unigram baseline. (2) Two downstream tasks on frozen ELMo layers, each with its
 * own scalar mix: part-of-speech tagging (token level) and genre classification (passage level), against the
 * token encoder alone and against the same ELMo untrained. (3) Which layers each task's mix prefers. (4) Each layer
 * probed beside the mix weights, and its mutual information with the input and the next word ({@link LayerByLayer}).
 *
 * <p>Run it with {@code ./course run 04-elmo [--smoke|--quick|--full]}.
 */
public final class ElmoLab {

    /** Every random draw of the lab (initialisation, batches, data samples) comes from this seed. */
    public static final long SEED = 4_2018L;

    public static Path run(LabSize size, Path root) throws Exception {
        ElmoSettings s = ElmoSettings.of(size);
        LabReport report = LabReport.start(root, "04-elmo", "Lab 04: ELMo", size, SEED, s);
        Rng rng = new Rng(SEED);
        Yours.check();
        try (NDManager manager = Engines.newManager()) {
            report.heading("1. Pre-training a small ELMo on Brown: forward and backward language models");
            Pretraining pre = pretrain(manager, s, rng.split("pretrain"));
            report.text(String.format(Locale.ROOT, "Options: %s. Word vocabulary: the %,d most frequent words of the "
                            + "training sentences plus <S>, </S>, <UNK>. Trained for %d steps of %d sentences (at most %d words) "
                            + "in %.0f s (%,.0f tokens/s). Perplexity is measured on %d validation sentences; the unigram model "
                            + "predicts the same targets from training counts.", s.options().toJson().trim(), s.vocab(),
                    s.rounds() * s.stepsPerRound(), s.batch(), s.maxWords(), pre.seconds(), pre.tokensPerSecond(),
                    s.evalSentences()));
            report.table(pre.curve());
            Table c = pre.curve();
            report.figure("perplexity", Figures.line("Held-out perplexity while pre-training", "step", "perplexity",
                    Map.of("forward LM", Figures.xy(c, "step", "forward_perplexity"),
                            "backward LM", Figures.xy(c, "step", "backward_perplexity"),
                            "unigram baseline", Figures.level(Figures.xy(c, "step", "forward_perplexity"), pre.unigram()))));

            report.heading("2. Downstream tasks with a scalar mix per task");
            ElmoTasks.Result tasks = ElmoTasks.run(pre, s, rng.split("tasks"));
            report.text("Each task reads frozen layers and learns only its scalar mix (s, γ, each layer normalised first) "
                    + "and a linear classifier (feature extraction). ELMo: the mix over the token encoder (layer 0) and the "
                    + "two biLSTM layers; layer j alone: one layer and a classifier; untrained ELMo: the same mix over an "
                    + "ELMo with its initial random weights. Tagging: Brown's tags as 12 universal tags, " + s.tagTrain()
                    + " training and " + s.tagTest() + " test sentences. Genre: passages of 3 sentences, "
                    + BrownTasks.GENRES + ", " + s.passagesPerGenre() + " per genre for training, " + s.testPerGenre()
                    + " for testing. Each classifier is trained with " + s.taskSeeds() + " seeds; `_95ci` is the Wilson "
                    + "interval over the `_n` test items (tokens for tagging: tokens of one sentence are not independent, "
                    + "so that interval is narrower than it should be).");
            report.table(tasks.scores());
            report.text("Paired comparisons on the same test items:\n\n" + String.join("\n",
                    tasks.comparisons().stream().map(x -> "- " + x).toList()));
            report.figure("task-scores", Figures.bar("Downstream accuracy", "task", "accuracy",
                    List.of("tagging", "genre"), tasks.scoreSeries()));
            report.heading("3. Which layers each task uses");
            report.text("The learned mixing weights s = softmax(w) of the ELMo variant, per task (γ in the table), and "
                    + "how far the largest of them moved from the uniform 1/3 they start at.");
            report.table(tasks.weights());
            report.figure("mix-weights", Figures.bar("Learned scalar-mix weights per task", "layer", "s_j",
                    List.of("layer 0 (tokens)", "layer 1 (biLSTM 1)", "layer 2 (biLSTM 2)"), tasks.weightSeries()));
            report.text(ElmoTasks.READING_THE_WEIGHTS);
            LayerByLayer.append(report, pre.lm().elmo(), LayerSizes.of(size), rng.split("layers"));
        }
        return report.write();
    }

    // ------------------------------------------------------------------ 1. pre-training

    /** The trained biLM, its untrained twin, the held-out curve, the speed and the unigram baseline's perplexity. */
    public record Pretraining(BiLanguageModel lm, Elmo untrained, Vocabulary vocab, Table curve, double seconds,
                              double tokensPerSecond, double unigram) {
    }

    public static Pretraining pretrain(NDManager manager, ElmoSettings s, Rng rng) {
        List<List<String>> train = BrownTasks.sentences(Split.TRAIN, s.maxWords());
        List<List<String>> val = new ArrayList<>(BrownTasks.sentences(Split.VALIDATION, s.maxWords()));
        Collections.shuffle(val, new Random(7));
        List<List<String>> held = val.subList(0, Math.min(s.evalSentences(), val.size()));
        Vocabulary vocab = BiLmBatch.vocabulary(train, s.vocab());

        rng.seedEngine();
        Elmo elmo = Elmo.create(s.options(), 2, 0f, manager);
        BiLanguageModel lm = new BiLanguageModel(elmo, vocab.size(), 0, rng.random().nextLong());
        lm.initialize(manager); // only the softmax is new: DJL keeps initialised parameters
        // The untrained twin: same architecture and initialisation scheme, never trained.
        Elmo random = Elmo.create(s.options(), 2, 0f, manager);

        // Each batch draws its sentences from a random stretch of the training sentences sorted by length, so
        // that a batch pads little: the LSTM steps through the batch's longest sentence, one step at a time.
        List<List<String>> byLength = new ArrayList<>(train);
        byLength.sort(Comparator.comparingInt(List::size));
        int pool = Math.min(byLength.size(), 8 * s.batch());
        long[] positions = {0}; // tokens the biLM reads, boundaries included (for tokens/s)
        SampledBatches<BiLmBatch> batches = new SampledBatches<>(s.stepsPerRound(), rng.random().nextLong(), (m, r) -> {
            int from = r.nextInt(byLength.size() - pool + 1);
            List<List<String>> chosen = new ArrayList<>();
            for (int i = 0; i < s.batch(); i++) {
                chosen.add(byLength.get(from + r.nextInt(pool)));
                positions[0] += chosen.get(i).size() + 2;
            }
            return BiLmBatch.of(m, chosen, vocab, Yours.characters());
        });
        long t0 = System.nanoTime();
        History h = TrainLoop.builder().recipe(Recipe.pretraining(s.learningRate())).epochs(s.rounds()).label("biLM")
                .logEvery(10).evaluation(round -> {
                    BiLanguageModel.Perplexity p = lm.perplexity(manager, held, vocab, s.batch());
                    return Map.of("forward_perplexity", p.forward(), "backward_perplexity", p.backward());
                }).build().fit(lm, batches);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double unigram = BiLanguageModel.unigramPerplexity(train, held, vocab);
        Table curve = Tables.epochs("Held-out perplexity after each round of " + s.stepsPerRound() + " steps", h,
                "train_loss=epoch_train_loss", "forward_perplexity", "backward_perplexity");
        curve.addColumns(DoubleColumn.create("unigram_perplexity", Collections.nCopies(curve.rowCount(), unigram)));
        return new Pretraining(lm, random, vocab, curve, seconds, positions[0] / seconds, unigram);
    }

    /** {@code ./course run} starts here; the report's path is the last line printed. */
    public static void main(String[] args) throws Exception {
        System.out.println("Report: " + run(LabSize.current(args), LabReport.repositoryRoot()));
    }

    private ElmoLab() {
    }
}
