package org.tlnlp.lesson05.lab;

import ai.djl.ndarray.NDManager;
import org.tlnlp.analysis.TestAccuracy;
import org.tlnlp.analysis.LinearProbe;
import org.tlnlp.data.BrownTasks;
import org.tlnlp.data.Split;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.io.Checkpoints;
import org.tlnlp.lab.Settings;
import org.tlnlp.models.bert.Bert;
import org.tlnlp.models.bert.BertClassifier;
import org.tlnlp.models.bert.ClassificationBatches;
import org.tlnlp.models.bert.MiniLM;
import org.tlnlp.plot.Tables;
import org.tlnlp.text.BertTokenizer;
import org.tlnlp.train.History;
import org.tlnlp.train.Recipe;
import org.tlnlp.train.TrainLoop;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Part 3 of lab 05: the genre of a passage, four ways: MiniLM as a frozen feature extractor, MiniLM fine-tuned,
 * the small BERT pre-trained in part 2 and fine-tuned, and the same small BERT without pre-training; each over
 * several seeds, on one fixed test set.
 */
public final class BertClassification {

    private BertClassification() {
    }

    /** The accuracy table (means over seeds, with intervals), the first seed's loss curves, and the comparisons. */
    public record Result(Table table, Map<String, double[][]> curves, List<String> comparisons) {
    }

    /** The genre passages of a split, encoded, with their labels. */
    static ClassificationBatches passages(BertTokenizer tokenizer, Split split, int perGenre, int maxLength, int batch,
                                          Random r, Rng order) {
        List<BrownTasks.GenrePassage> p = BrownTasks.genrePassages(split, 3, perGenre, r);
        return new ClassificationBatches(p.stream().map(x -> tokenizer.encode(x.text(), null, maxLength)).toList(),
                p.stream().mapToInt(BrownTasks.GenrePassage::label).toArray(), batch, tokenizer.id(BertTokenizer.PAD), order);
    }

    /** One way to classify: it returns the test predictions of one seed, and may record its loss curve. */
    @FunctionalInterface
    interface Method {
        int[] run(Rng seed, Map<String, double[][]> curves) throws Exception;
    }

    public static Result run(BertTokenizer tokenizer, Bert small, BertSettings s, Rng rng) throws Exception {
        Random r = rng.random();
        ClassificationBatches train = passages(tokenizer, Split.TRAIN, s.passagesPerGenre(), s.maxLength(), s.batch(), r,
                new Rng(0));
        ClassificationBatches test = passages(tokenizer, Split.TEST, s.testPerGenre(), s.maxLength(), s.batch(), r,
                new Rng(0));
        int classes = BrownTasks.GENRES.size();
        Map<String, Method> methods = new LinkedHashMap<>();
        // (a) Feature extraction: MiniLM frozen, its mean-pooled vectors into a softmax regression.
        methods.put("MiniLM, frozen (feature extraction)", (seed, curves) -> {
            try (NDManager m = Engines.newManager()) {
                BertClassifier clf = new BertClassifier(MiniLM.load(m).withAttention(Yours.attention()), classes,
                        BertClassifier.Pooling.MEAN);
                float[][] xtr = clf.features(m, train, s.batch());
                float[][] xte = clf.features(m, test, s.batch());
                LinearProbe.Settings probe = Settings.of(LinearProbe.Settings.class, "epochs", 30, "batchSize", 32,
                        "learningRate", 1e-2, "weightDecay", 1e-4);
                try (LinearProbe p = LinearProbe.train(xtr, train.labels(), classes, probe, seed, "features")) {
                    curves.putIfAbsent("MiniLM frozen + linear", p.history().xy("train_loss"));
                    return p.predict(xte);
                }
            }
        });
        // (b) Fine-tuning MiniLM end to end.
        methods.put("MiniLM, fine-tuned", (seed, curves) -> {
            try (NDManager m = Engines.newManager()) {
                Bert minilm = MiniLM.load(m).withAttention(Yours.attention());
                return fineTune(m, minilm, train, test, s, 5e-5, seed, "MiniLM fine-tuned", curves);
            }
        });
        // (c) The small Brown BERT of part 2, fine-tuned.
        methods.put("small BERT pre-trained on Brown, fine-tuned", (seed, curves) -> {
            try (NDManager m = Engines.newManager()) {
                Bert copy = Bert.create(small.config(), m).withAttention(Yours.attention());
                Checkpoints.copy(small.namedParameters(), copy.namedParameters());
                return fineTune(m, copy, train, test, s, 5e-4, seed, "small BERT, pre-trained on Brown", curves);
            }
        });
        // (d) The same small architecture without pre-training.
        methods.put("small BERT without pre-training", (seed, curves) -> {
            try (NDManager m = Engines.newManager()) {
                seed.split("init").seedEngine();
                Bert fresh = Bert.create(small.config(), m).withAttention(Yours.attention());
                return fineTune(m, fresh, train, test, s, 5e-4, seed, "small BERT, no pre-training", curves);
            }
        });

        Map<String, double[][]> curves = new LinkedHashMap<>();
        List<TestAccuracy> accuracy = new ArrayList<>();
        DoubleColumn seconds = DoubleColumn.create("seconds_per_seed");
        for (Map.Entry<String, Method> e : methods.entrySet()) {
            TestAccuracy a = TestAccuracy.of(test.labels());
            long t0 = System.nanoTime();
            for (int seed = 0; seed < s.seeds(); seed++) {
                a.add(e.getValue().run(rng.split(e.getKey() + " seed " + seed), curves));
                System.out.printf(Locale.ROOT, "  %-48s seed %d accuracy %.3f%n", e.getKey(), seed,
                        a.perSeed()[seed]);
            }
            accuracy.add(a);
            seconds.append(Math.round((System.nanoTime() - t0) / 1e8 / s.seeds()) / 10.0);
        }
        Table table = Table.create("Genre accuracy on the test documents (mean over " + s.seeds() + " seeds)",
                StringColumn.create("method", List.copyOf(methods.keySet())));
        Tables.addAccuracy(table, "test_accuracy", accuracy);
        table.addColumns(seconds);
        List<String> names = List.of("MiniLM fine-tuned", "MiniLM frozen", "small BERT pre-trained",
                "small BERT from scratch");
        List<String> comparisons = List.of(
                accuracy.get(1).minus(accuracy.get(0), rng.split("compare ft")).sentence(names.get(0), names.get(1)),
                accuracy.get(2).minus(accuracy.get(3), rng.split("compare pre")).sentence(names.get(2), names.get(3)));
        return new Result(table, curves, comparisons);
    }

    /** Fine-tunes {@code bert} with a new classifier on {@code train}; returns its predictions on {@code test}. */
    static int[] fineTune(NDManager m, Bert bert, ClassificationBatches train, ClassificationBatches test, BertSettings s,
                          double lr, Rng rng, String label, Map<String, double[][]> curves) {
        rng.seedEngine();
        BertClassifier clf = new BertClassifier(bert, BrownTasks.GENRES.size(), BertClassifier.Pooling.MEAN);
        clf.initialize(m);
        ClassificationBatches batches = train.withBatchSize(16, rng);
        int total = s.fineTuneEpochs() * batches.batches();
        History h = TrainLoop.builder().recipe(Recipe.fineTuning(lr)).epochs(s.fineTuneEpochs())
                .label(label.length() > 14 ? label.substring(0, 14) : label).logEvery(Math.max(1, total / 30)).build()
                .fit(clf, batches);
        curves.putIfAbsent(label, h.xy("train_loss"));
        return clf.predict(m, test, s.batch());
    }
}
