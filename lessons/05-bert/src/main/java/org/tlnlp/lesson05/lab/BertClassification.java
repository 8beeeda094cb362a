package org.tlnlp.lesson05.lab;

import ai.djl.ndarray.NDManager;
import org.tlnlp.analysis.LinearProbe;
import org.tlnlp.analysis.TestAccuracy;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.io.Checkpoints;
import org.tlnlp.lab.Settings;
import org.tlnlp.models.bert.Bert;
import org.tlnlp.models.bert.BertClassifier;
import org.tlnlp.models.bert.ClassificationBatches;
import org.tlnlp.plot.Tables;
import org.tlnlp.train.History;
import org.tlnlp.train.Recipe;
import org.tlnlp.train.TrainLoop;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Classifying with BERTs, the ways the lecture names: a frozen encoder as a feature extractor (its mean-pooled last
 * hidden state into a softmax regression), or the encoder fine-tuned end to end with a new classifier. Each way
 * is a {@link Method}; {@link #compare} trains every method with several seeds on one task and scores them on one
 * fixed test set. Parts 3 and 4 of lab 05 use it.
 */
public final class BertClassification {

    private BertClassification() {
    }

    /**
     * A classification task, encoded with the bert-base-uncased vocabulary (MiniLM, BERT-base and the lab's small
     * BERT share it).
     */
    public record Task(String name, ClassificationBatches train, ClassificationBatches test, int classes) {
    }

    /** The accuracy table (means over seeds, with intervals), the first seed's loss curves, and the comparisons. */
    public record Result(Table table, Map<String, double[][]> curves, List<String> comparisons) {
    }

    /** One way to classify: it returns the test predictions of one seed, and may record its loss curve. */
    @FunctionalInterface
    public interface Method {
        int[] run(Task task, Rng seed, Map<String, double[][]> curves) throws Exception;
    }

    /** An encoder made in a manager: the pre-trained one loaded, a copy of the lab's small one, or a fresh one. */
    @FunctionalInterface
    public interface Encoder {
        Bert make(NDManager manager) throws IOException;
    }

    /** The encoder frozen: its mean-pooled vectors into a softmax regression (30 epochs). */
    public static Method frozen(String label, Encoder encoder, int batch) {
        return (task, seed, curves) -> {
            try (NDManager m = Engines.newManager()) {
                BertClassifier clf = new BertClassifier(encoder.make(m), task.classes(), BertClassifier.Pooling.MEAN);
                float[][] xtr = clf.features(m, task.train(), batch);
                float[][] xte = clf.features(m, task.test(), batch);
                LinearProbe.Settings probe = Settings.of(LinearProbe.Settings.class, "epochs", 30, "batchSize", 32,
                        "learningRate", 1e-2, "weightDecay", 1e-4);
                try (LinearProbe p = LinearProbe.train(xtr, task.train().labels(), task.classes(), probe, seed, label)) {
                    curves.putIfAbsent(label, p.history().xy("train_loss"));
                    return p.predict(xte);
                }
            }
        };
    }

    /**
     * The encoder fine-tuned end to end with a new classifier on its mean-pooled vectors: the fine-tuning recipe
     * (warm-up over the first 10% of steps, then linear decay to 0), batches of 16.
     */
    public static Method fineTuned(String label, Encoder encoder, double learningRate, int epochs, int batch) {
        return (task, seed, curves) -> {
            try (NDManager m = Engines.newManager()) {
                seed.split("init").seedEngine();
                Bert bert = encoder.make(m);
                seed.seedEngine();
                BertClassifier clf = new BertClassifier(bert, task.classes(), BertClassifier.Pooling.MEAN);
                clf.initialize(m);
                ClassificationBatches batches = task.train().withBatchSize(16, seed);
                int total = epochs * batches.batches();
                History h = TrainLoop.builder().recipe(Recipe.fineTuning(learningRate)).epochs(epochs)
                        .label(label.length() > 14 ? label.substring(0, 14) : label)
                        .logEvery(Math.max(1, total / 30)).build().fit(clf, batches);
                curves.putIfAbsent(label, h.xy("train_loss"));
                return clf.predict(m, task.test(), batch);
            }
        };
    }

    /** A copy of {@code trained} (so that fine-tuning leaves the original as it is). */
    public static Encoder copyOf(Bert trained) {
        return m -> {
            Bert copy = Bert.create(trained.config(), m).withAttention(Yours.attention());
            Checkpoints.copy(trained.namedParameters(), copy.namedParameters());
            return copy;
        };
    }

    /** The same architecture as {@code trained}, freshly initialised: no pre-training. */
    public static Encoder freshLike(Bert trained) {
        return m -> Bert.create(trained.config(), m).withAttention(Yours.attention());
    }

    /**
     * Trains every method {@code seeds} times on the task and scores it on the test set.
     *
     * @param methods     by the name the table shows
     * @param comparisons pairs of method names (first minus second) to compare on the same test items
     */
    public static Result compare(Task task, Map<String, Method> methods, int seeds, List<String[]> comparisons, Rng rng)
            throws Exception {
        Map<String, double[][]> curves = new LinkedHashMap<>();
        Map<String, TestAccuracy> accuracy = new LinkedHashMap<>();
        DoubleColumn seconds = DoubleColumn.create("seconds_per_seed");
        for (Map.Entry<String, Method> e : methods.entrySet()) {
            TestAccuracy a = TestAccuracy.of(task.test().labels());
            long t0 = System.nanoTime();
            for (int seed = 0; seed < seeds; seed++) {
                a.add(e.getValue().run(task, rng.split(e.getKey() + " seed " + seed), curves));
                System.out.printf(Locale.ROOT, "  %-48s seed %d accuracy %.3f%n", e.getKey(), seed, a.perSeed()[seed]);
            }
            accuracy.put(e.getKey(), a);
            seconds.append(Math.round((System.nanoTime() - t0) / 1e8 / seeds) / 10.0);
        }
        Table table = Table.create(task.name() + " accuracy on the test set (mean over " + seeds + " seeds)",
                StringColumn.create("method", List.copyOf(methods.keySet())));
        Tables.addAccuracy(table, "test_accuracy", List.copyOf(accuracy.values()));
        table.addColumns(seconds);
        List<String> sentences = new ArrayList<>();
        for (String[] pair : comparisons) {
            sentences.add(accuracy.get(pair[0]).minus(accuracy.get(pair[1]), rng.split("compare " + pair[0] + pair[1]))
                    .sentence(pair[0], pair[1]));
        }
        return new Result(table, curves, sentences);
    }
}
