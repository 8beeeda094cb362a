package org.tlnlp.lesson04.lab;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.tlnlp.analysis.Evaluation;
import org.tlnlp.data.BrownTags;
import org.tlnlp.data.BrownTasks;
import org.tlnlp.data.Split;
import org.tlnlp.data.TaggedWord;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.lab.LabReport;
import org.tlnlp.lab.LabSize;
import org.tlnlp.models.elmo.BiLanguageModel;
import org.tlnlp.models.elmo.BiLmBatch;
import org.tlnlp.models.elmo.Elmo;
import org.tlnlp.models.elmo.ElmoFeatures;
import org.tlnlp.models.elmo.ScalarMixClassifier;
import org.tlnlp.plot.Figures;
import org.tlnlp.plot.Tables;
import org.tlnlp.text.Vocabulary;
import org.tlnlp.train.ArrayBatches;
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
 * token encoder alone and against the same ELMo untrained. (3) Which layers each task's mix prefers.
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
            Tasks tasks = tasks(pre, s, rng.split("tasks"));
            report.text("Each task reads frozen layers and learns only its scalar mix (s, γ, each layer normalised first) "
                    + "and a linear classifier (feature extraction). ELMo: the mix over the token encoder (layer 0) and the "
                    + "two biLSTM layers; token encoder: layer 0 alone; untrained ELMo: the same mix over an ELMo with its "
                    + "initial random weights. Tagging: Brown's tags as 12 universal tags, " + s.tagTrain() + " training and "
                    + s.tagTest() + " test sentences. Genre: passages of 3 sentences, " + BrownTasks.GENRES + ", "
                    + s.passagesPerGenre() + " per genre for training, " + s.testPerGenre() + " for testing.");
            report.table(tasks.scores());
            report.figure("task-scores", Figures.bar("Downstream accuracy", "task", "accuracy",
                    List.of("tagging", "genre"), tasks.scoreSeries()));
            report.heading("3. Which layers each task uses");
            report.text("The learned mixing weights s = softmax(w) of the ELMo variant, per task (γ in the table).");
            report.table(tasks.weights());
            report.figure("mix-weights", Figures.bar("Learned scalar-mix weights per task", "layer", "s_j",
                    List.of("layer 0 (tokens)", "layer 1 (biLSTM 1)", "layer 2 (biLSTM 2)"), tasks.weightSeries()));
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
            return BiLmBatch.of(m, chosen, vocab);
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

    // ------------------------------------------------------------------ 2. tasks

    /** Test accuracy per variant and task; the ELMo variant's learned mix per task (s_0, s_1, s_2, γ). */
    public record Tasks(Table scores, Table weights) {
        public Map<String, List<? extends Number>> scoreSeries() {
            return Tables.rowSeries(scores.dropRows(scores.rowCount() - 1)); // without the majority baseline
        }

        public Map<String, List<? extends Number>> weightSeries() {
            return Tables.rowSeries(weights.rejectColumns("gamma"));
        }
    }

    /** A task's data: the rows' words, and the label of each example (token or passage). */
    record Task(String name, boolean tokens, List<List<String>> train, int[] trainY, List<List<String>> test, int[] testY,
                int classes) {
    }

    public static Tasks tasks(Pretraining pre, ElmoSettings s, Rng rng) {
        Random r = rng.random();
        List<List<TaggedWord>> tagTrain = BrownTasks.taggedSentences(Split.TRAIN, 1, s.maxWords(), s.tagTrain(), r);
        List<List<TaggedWord>> tagTest = BrownTasks.taggedSentences(Split.TEST, 1, s.maxWords(), s.tagTest(), r);
        List<BrownTasks.GenrePassage> genreTrain = BrownTasks.genrePassages(Split.TRAIN, 3, s.passagesPerGenre(), r);
        List<BrownTasks.GenrePassage> genreTest = BrownTasks.genrePassages(Split.TEST, 3, s.testPerGenre(), r);
        List<Task> tasks = List.of(
                new Task("tagging", true, tagTrain.stream().map(BrownTasks::words).toList(), tags(tagTrain),
                        tagTest.stream().map(BrownTasks::words).toList(), tags(tagTest), BrownTags.UNIVERSAL.size()),
                new Task("genre", false, genreTrain.stream().map(p -> p.words(60)).toList(),
                        genreTrain.stream().mapToInt(BrownTasks.GenrePassage::label).toArray(),
                        genreTest.stream().map(p -> p.words(60)).toList(),
                        genreTest.stream().mapToInt(BrownTasks.GenrePassage::label).toArray(), BrownTasks.GENRES.size()));
        List<String> variants = List.of("ELMo (scalar mix of 3 layers)", "token encoder only (layer 0)",
                "untrained ELMo (mix of 3 layers)", "majority class");
        double[][] acc = new double[variants.size()][tasks.size()];
        double[][] weights = new double[tasks.size()][];
        int[] all = {0, 1, 2};
        int d = s.options().outputDim();
        for (int t = 0; t < tasks.size(); t++) {
            Task task = tasks.get(t);
            // Each ELMo's layers are computed once per data set; "token encoder only" is layer 0 of the trained one.
            float[][][] trained = {features(pre.lm().elmo(), task, task.train(), all, s), features(pre.lm().elmo(), task, task.test(), all, s)};
            float[][][] untrained = {features(pre.untrained(), task, task.train(), all, s), features(pre.untrained(), task, task.test(), all, s)};
            for (int v = 0; v < 3; v++) {
                float[][][] x = v == 2 ? untrained : trained;
                int layers = v == 1 ? 1 : 3;
                float[] mix = new float[layers + 1];
                acc[v][t] = classify(v == 1 ? firstColumns(x[0], d) : x[0], task.trainY(), v == 1 ? firstColumns(x[1], d) : x[1],
                        task.testY(), layers, d, task.classes(), s, rng.split("task" + t + "v" + v), mix);
                if (v == 0) {
                    weights[t] = new double[] {mix[0], mix[1], mix[2], mix[3]};
                }
            }
            acc[3][t] = task.tokens() ? Evaluation.majorityShare(task.testY()) : 1.0 / BrownTasks.GENRES.size();
        }
        return new Tasks(Tables.grid("Test accuracy with frozen features", "features", variants,
                List.of("tagging_accuracy", "genre_accuracy"), acc),
                Tables.grid("Learned scalar-mix weights", "task", List.of("tagging", "genre"),
                        List.of("s_0", "s_1", "s_2", "gamma"), weights));
    }

    static int[] tags(List<List<TaggedWord>> sentences) {
        return sentences.stream().flatMapToInt(x -> java.util.Arrays.stream(BrownTasks.universalTags(x))).toArray();
    }

    static float[][] features(Elmo elmo, Task task, List<List<String>> texts, int[] layers, ElmoSettings s) {
        return task.tokens() ? ElmoFeatures.tokens(elmo, texts, layers, s.batch()) : ElmoFeatures.means(elmo, texts, layers, s.batch());
    }

    /** The first {@code n} columns of every row (layer 0 alone). */
    static float[][] firstColumns(float[][] x, int n) {
        return java.util.Arrays.stream(x).map(row -> java.util.Arrays.copyOf(row, n)).toArray(float[][]::new);
    }

    /** Trains mix + classifier on frozen features; returns test accuracy and writes s_0.. and γ into {@code mix}. */
    static double classify(float[][] train, int[] trainY, float[][] test, int[] testY, int layers, int dim, int classes,
                           ElmoSettings s, Rng rng, float[] mix) {
        try (NDManager m = Engines.newManager()) {
            rng.seedEngine();
            ScalarMixClassifier clf = new ScalarMixClassifier(layers, dim, classes);
            clf.initialize(m);
            Recipe recipe = Recipe.fineTuning(1e-2).withWarmup(0.05).withWeightDecay(0).withClipping(0);
            TrainLoop.builder().recipe(recipe).epochs(s.taskEpochs()).label("task").logEvery(50).build()
                    .fit(clf, new ArrayBatches(train, trainY, 64, rng.split("batches")));
            ParameterStore store = new ParameterStore(m, false);
            int[] predicted = Evaluation.predictions(m, test.length, 256, (scope, from, to) ->
                    clf.logits(store, scope.create(java.util.Arrays.copyOfRange(test, from, to)), false));
            System.arraycopy(clf.weightsAndGamma(store), 0, mix, 0, layers + 1);
            return Evaluation.accuracy(predicted, testY);
        }
    }

    /** {@code ./course run} starts here; the report's path is the last line printed. */
    public static void main(String[] args) throws Exception {
        System.out.println("Report: " + run(LabSize.current(args), LabReport.repositoryRoot()));
    }

    private ElmoLab() {
    }
}
