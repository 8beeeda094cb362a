package org.tlnlp.lesson04.lab;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.tlnlp.analysis.Evaluation;
import org.tlnlp.analysis.TestAccuracy;
import org.tlnlp.data.BrownTags;
import org.tlnlp.data.BrownTasks;
import org.tlnlp.data.Split;
import org.tlnlp.data.TaggedWord;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.models.elmo.Elmo;
import org.tlnlp.models.elmo.ElmoFeatures;
import org.tlnlp.models.elmo.ScalarMixClassifier;
import org.tlnlp.plot.Tables;
import org.tlnlp.train.ArrayBatches;
import org.tlnlp.train.Recipe;
import org.tlnlp.train.TrainLoop;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Parts 2 and 3 of lab 04: two downstream tasks on frozen ELMo layers (part-of-speech tagging, genre of a
 * passage), each with its own scalar mix, against each layer alone, the same ELMo untrained and the majority
 * class; every classifier over several seeds, with paired comparisons.
 */
public final class ElmoTasks {

    private ElmoTasks() {
    }

    /** How to read section 3, next to Peters et al.'s finding; the numbers it refers to are the tables'. */
    public static final String READING_THE_WEIGHTS = "Peters et al. (2018, section 5.3) found that the first biLSTM layer "
            + "of their large biLM (two layers of 4096 cells, trained on a billion words) holds the most syntax: "
            + "part-of-speech tagging read from it alone beat the second layer. The scalar mix is not that experiment. "
            + "A weight s_j says what one classifier, reading all layers at once, found convenient; when the layers "
            + "carry overlapping information, very different weights give almost the same features, and the weights "
            + "start at 1/3 and move only as far as the task's gradient pushes them. If the tagging mix leans on layer 0, "
            + "two things can explain it: layer 0 is a character CNN, so it sees the suffixes (-ed, -ly, -tion) that "
            + "give away much of a tag, and this small biLM has read Brown's million words for a few hundred steps, "
            + "far less than the paper's. "
            + "The per-layer rows of section 2 are the paper's test: compare \"layer 1 alone\" with \"layer 2 alone\" "
            + "above, and believe the difference only if its interval leaves out zero. For genre, a weight that "
            + "stayed near 1/3 (the last column) means the mix hardly learned a preference; it is no evidence "
            + "that genre uses every layer equally.";

    /**
     * Test accuracy per variant and task (means over seeds, with intervals), the ELMo variant's learned mix per
     * task (means over seeds), and the paired comparisons that the tables are read for.
     */
    public record Result(Table scores, Table weights, List<String> comparisons) {
        public Map<String, List<? extends Number>> scoreSeries() {
            Table means = scores.selectColumns("features", "tagging_accuracy", "genre_accuracy");
            return Tables.rowSeries(means.dropRows(means.rowCount() - 1)); // without the majority baseline
        }

        public Map<String, List<? extends Number>> weightSeries() {
            return Tables.rowSeries(weights.selectColumns("task", "s_0", "s_1", "s_2"));
        }
    }

    /** A task's data: the rows' words, and the label of each example (token or passage). */
    record Task(String name, boolean tokens, List<List<String>> train, int[] trainY, List<List<String>> test, int[] testY,
                int classes) {
    }

    public static Result run(ElmoLab.Pretraining pre, ElmoSettings s, Rng rng) {
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
        List<String> variants = List.of("ELMo (scalar mix of 3 layers)", "layer 0 alone (token encoder)",
                "layer 1 alone (biLSTM 1)", "layer 2 alone (biLSTM 2)", "untrained ELMo (mix of 3 layers)",
                "majority class (of the training labels)");
        TestAccuracy[][] acc = new TestAccuracy[tasks.size()][variants.size()];
        double[][] weights = new double[tasks.size()][5];
        List<String> comparisons = new ArrayList<>();
        int[] all = {0, 1, 2};
        int d = s.options().outputDim();
        for (int t = 0; t < tasks.size(); t++) {
            Task task = tasks.get(t);
            // Each ELMo's layers are computed once per data set; "layer j alone" is a slice of the trained one.
            float[][][] trained = {features(pre.lm().elmo(), task, task.train(), all, s), features(pre.lm().elmo(), task, task.test(), all, s)};
            float[][][] untrained = {features(pre.untrained(), task, task.train(), all, s), features(pre.untrained(), task, task.test(), all, s)};
            for (int v = 0; v < 5; v++) {
                float[][][] x = v == 4 ? untrained : trained;
                boolean mixed = v == 0 || v == 4;
                int layers = mixed ? 3 : 1;
                float[][] train = mixed ? x[0] : layer(x[0], v - 1, d);
                float[][] test = mixed ? x[1] : layer(x[1], v - 1, d);
                acc[t][v] = TestAccuracy.of(task.testY());
                for (int seed = 0; seed < s.taskSeeds(); seed++) {
                    float[] mix = new float[layers + 1];
                    acc[t][v].add(classify(train, task.trainY(), test, layers, d, task.classes(), s,
                            rng.split("task" + t + "v" + v + "seed" + seed), mix));
                    if (v == 0) { // the ELMo variant's s_0, s_1, s_2, γ, and the largest move away from 1/3
                        double move = 0;
                        for (int j = 0; j < 4; j++) {
                            weights[t][j] += mix[j] / s.taskSeeds();
                            move = j < 3 ? Math.max(move, Math.abs(mix[j] - 1.0 / 3)) : move;
                        }
                        weights[t][4] += move / s.taskSeeds();
                    }
                }
            }
            acc[t][5] = TestAccuracy.constant(task.testY(), Evaluation.majorityLabel(task.trainY()));
            for (int v = 1; v < 5; v++) {
                comparisons.add(acc[t][0].minus(acc[t][v], rng.split("compare " + t + " " + v))
                        .sentence(task.name() + ": ELMo mix", variants.get(v)));
            }
            comparisons.add(acc[t][2].minus(acc[t][3], rng.split("compare " + t + " 1-2"))
                    .sentence(task.name() + ": layer 1", "layer 2"));
        }
        Table scores = Table.create("Test accuracy with frozen features (mean over " + s.taskSeeds() + " seeds)",
                StringColumn.create("features", variants));
        for (int t = 0; t < tasks.size(); t++) {
            Tables.addAccuracy(scores, tasks.get(t).name() + "_accuracy", List.of(acc[t]));
        }
        return new Result(scores, Tables.grid("Learned scalar-mix weights (mean over " + s.taskSeeds() + " seeds)",
                "task", List.of("tagging", "genre"), List.of("s_0", "s_1", "s_2", "gamma", "largest_move_from_1/3"),
                weights), comparisons);
    }

    static int[] tags(List<List<TaggedWord>> sentences) {
        return sentences.stream().flatMapToInt(x -> java.util.Arrays.stream(BrownTasks.universalTags(x))).toArray();
    }

    static float[][] features(Elmo elmo, Task task, List<List<String>> texts, int[] layers, ElmoSettings s) {
        return task.tokens() ? ElmoFeatures.tokens(elmo, texts, layers, s.batch(), Yours.characters())
                : ElmoFeatures.means(elmo, texts, layers, s.batch(), Yours.characters());
    }

    /** Layer {@code j} of every row, whose layers of width {@code d} sit side by side. */
    static float[][] layer(float[][] x, int j, int d) {
        return java.util.Arrays.stream(x).map(row -> java.util.Arrays.copyOfRange(row, j * d, (j + 1) * d))
                .toArray(float[][]::new);
    }

    /** Trains mix + classifier on frozen features; returns the test predictions and writes s_0.. and γ into {@code mix}. */
    static int[] classify(float[][] train, int[] trainY, float[][] test, int layers, int dim, int classes,
                          ElmoSettings s, Rng rng, float[] mix) {
        try (NDManager m = Engines.newManager()) {
            rng.seedEngine();
            ScalarMixClassifier clf = new ScalarMixClassifier(layers, dim, classes);
            if (Yours.mix() != null) {
                clf.withMix(Yours.mix());
            }
            clf.initialize(m);
            Recipe recipe = Recipe.fineTuning(1e-2).withWarmup(0.05).withWeightDecay(0).withClipping(0);
            TrainLoop.builder().recipe(recipe).epochs(s.taskEpochs()).label("task").logEvery(50).build()
                    .fit(clf, new ArrayBatches(train, trainY, 64, rng.split("batches")));
            ParameterStore store = new ParameterStore(m, false);
            int[] predicted = Evaluation.predictions(m, test.length, 256, (scope, from, to) ->
                    clf.logits(store, scope.create(java.util.Arrays.copyOfRange(test, from, to)), false));
            System.arraycopy(clf.weightsAndGamma(store), 0, mix, 0, layers + 1);
            return predicted;
        }
    }
}
