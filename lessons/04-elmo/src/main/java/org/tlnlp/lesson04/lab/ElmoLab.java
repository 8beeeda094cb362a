package org.tlnlp.lesson04.lab;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.PairList;
import org.tlnlp.data.BrownCorpus;
import org.tlnlp.data.BrownTags;
import org.tlnlp.data.Split;
import org.tlnlp.data.TaggedWord;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.lab.LabReport;
import org.tlnlp.lab.LabSize;
import org.tlnlp.models.CountLm;
import org.tlnlp.models.Elmo;
import org.tlnlp.models.ElmoOptions;
import org.tlnlp.models.ElmoTasks;
import org.tlnlp.models.LanguageModeling;
import org.tlnlp.nn.Dense;
import org.tlnlp.nn.FixedBlock;
import org.tlnlp.nn.ScalarMix;
import org.tlnlp.plot.Figures;
import org.tlnlp.text.ElmoCharacters;
import org.tlnlp.text.Vocabulary;
import org.tlnlp.train.ArrayBatches;
import org.tlnlp.train.Batch;
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
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

    public static final String LESSON = "04-elmo";
    public static final long SEED = 4_2018L;
    public static final List<String> GENRES = List.of("news", "religion", "hobbies", "learned", "romance");
    public static final String BOS = "<S>";
    public static final String EOS = "</S>";
    public static final String UNK = "<UNK>";

    /** The settings of one size. */
    public record Settings(int vocab, List<ElmoOptions.Filter> filters, int highway, int charDim, int lstmDim, int proj,
                           int maxWords, int batch, int rounds, int stepsPerRound, int evalSentences, double lr,
                           int tagTrain, int tagTest, int passagesPerGenre, int testPerGenre, int taskEpochs) {

        public static Settings of(LabSize size) {
            List<ElmoOptions.Filter> small = List.of(new ElmoOptions.Filter(1, 8), new ElmoOptions.Filter(2, 8),
                    new ElmoOptions.Filter(3, 16));
            List<ElmoOptions.Filter> quick = List.of(new ElmoOptions.Filter(1, 32), new ElmoOptions.Filter(2, 32),
                    new ElmoOptions.Filter(3, 64), new ElmoOptions.Filter(4, 128));
            List<ElmoOptions.Filter> full = List.of(new ElmoOptions.Filter(1, 32), new ElmoOptions.Filter(2, 32),
                    new ElmoOptions.Filter(3, 64), new ElmoOptions.Filter(4, 128), new ElmoOptions.Filter(5, 256),
                    new ElmoOptions.Filter(6, 512));
            return size.pick(new Settings(500, small, 1, 8, 32, 16, 20, 8, 2, 5, 16, 2e-3, 40, 10, 6, 3, 1),
                    new Settings(10000, quick, 1, 16, 256, 128, 25, 64, 4, 130, 600, 2e-3, 1500, 400, 80, 30, 8),
                    new Settings(30000, full, 2, 16, 2048, 256, 40, 64, 10, 1000, 3000, 1e-3, 8000, 2000, 300, 100, 10));
        }

        public ElmoOptions options() {
            return new ElmoOptions(filters, highway, charDim, "relu", lstmDim, proj, 2, 3f, 3f, true);
        }
    }

    private ElmoLab() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("Report: " + run(LabSize.current(args), LabReport.repositoryRoot()));
    }

    public static Path run(LabSize size, Path root) throws Exception {
        Settings s = Settings.of(size);
        LabReport report = new LabReport(root, LESSON, "Lab 04: ELMo", size, SEED);
        report.provenance("settings", s.toString());
        System.out.println("Lab 04 (" + size.label() + ") on " + Engines.describe());
        Rng rng = new Rng(SEED);

        report.heading("1. Pre-training a small ELMo on Brown: forward and backward language models");
        Pretraining pre = pretrain(s, rng.split("pretrain"));
        report.text(String.format(Locale.ROOT, "Options: %s. Word vocabulary: the %,d most frequent words of the training "
                        + "sentences plus %s, %s, %s. Trained for %d steps of %d sentences (at most %d words) in %.0f s "
                        + "(%,.0f tokens/s). Perplexity is measured on %d validation sentences; the unigram model predicts "
                        + "the same targets from training counts.", s.options().toJson().trim(), s.vocab(), BOS, EOS, UNK,
                s.rounds() * s.stepsPerRound(), s.batch(), s.maxWords(), pre.seconds(), pre.tokensPerSecond(),
                s.evalSentences()));
        report.table(pre.curve());
        Table c = pre.curve();
        report.figure("perplexity", Figures.line("Held-out perplexity while pre-training", "step", "perplexity",
                Map.of("forward LM", Figures.xy(c, "step", "forward_perplexity"),
                        "backward LM", Figures.xy(c, "step", "backward_perplexity"),
                        "unigram baseline", Figures.level(Figures.xy(c, "step", "forward_perplexity"), pre.unigramPerplexity()))));

        report.heading("2. Downstream tasks with a scalar mix per task");
        Tasks tasks = tasks(pre, s, rng.split("tasks"));
        report.text("Each task reads frozen layers and learns only its scalar mix (s, γ, each layer normalised first) and a linear classifier "
                + "(feature extraction). ELMo: the mix over the token encoder (layer 0) and the two biLSTM layers; token "
                + "encoder: layer 0 alone; untrained ELMo: the same mix over an ELMo with its initial random weights. "
                + "Tagging: Brown's tags as 12 universal tags, " + s.tagTrain() + " training and " + s.tagTest()
                + " test sentences. Genre: passages of 3 sentences, " + GENRES + ", " + s.passagesPerGenre()
                + " per genre for training, " + s.testPerGenre() + " for testing.");
        report.table(tasks.scores());
        report.figure("task-scores", Figures.bar("Downstream accuracy", "task", "accuracy", List.of("tagging", "genre"),
                tasks.scoreSeries()));
        report.heading("3. Which layers each task uses");
        report.text("The learned mixing weights s = softmax(w) of the ELMo variant, per task (γ in the table).");
        report.table(tasks.weights());
        report.figure("mix-weights", Figures.bar("Learned scalar-mix weights per task", "layer", "s_j",
                List.of("layer 0 (tokens)", "layer 1 (biLSTM 1)", "layer 2 (biLSTM 2)"), tasks.weightSeries()));
        pre.model().close();
        pre.untrained().close();
        return report.write();
    }

    // ------------------------------------------------------------------ data

    /** Brown's sentences of a split as words (case kept: ELMo reads characters), cut to {@code maxWords}. */
    public static List<List<String>> sentences(Split split, int maxWords) {
        List<List<String>> out = new ArrayList<>();
        for (BrownCorpus.Document d : BrownCorpus.load().documents(split)) {
            for (List<TaggedWord> s : d.sentences()) {
                List<String> w = s.stream().map(TaggedWord::word).toList();
                out.add(w.size() > maxWords ? w.subList(0, maxWords) : w);
            }
        }
        return out;
    }

    /** The {@code size} most frequent words of the sentences, after {@code <S>}, {@code </S>}, {@code <UNK>}. */
    public static Vocabulary vocabulary(List<List<String>> sentences, int size) {
        Map<String, Integer> counts = new HashMap<>();
        sentences.forEach(s -> s.forEach(w -> counts.merge(w, 1, Integer::sum)));
        List<String> words = new ArrayList<>(counts.keySet());
        words.sort((a, b) -> counts.get(b) - counts.get(a) != 0 ? counts.get(b) - counts.get(a) : a.compareTo(b));
        List<String> tokens = new ArrayList<>(List.of(BOS, EOS, UNK));
        tokens.addAll(words.subList(0, Math.min(size, words.size())));
        return new Vocabulary(tokens);
    }

    // ------------------------------------------------------------------ 1. pre-training

    public record Pretraining(Model model, ElmoTasks.BiLanguageModel lm, Model untrained, Elmo untrainedElmo,
                              Vocabulary vocab, Table curve, double seconds, double tokensPerSecond,
                              double unigramPerplexity) {
    }

    public static Pretraining pretrain(Settings s, Rng rng) {
        List<List<String>> train = sentences(Split.TRAIN, s.maxWords()).stream().filter(x -> !x.isEmpty()).toList();
        List<List<String>> val = new ArrayList<>(sentences(Split.VALIDATION, s.maxWords()).stream()
                .filter(x -> !x.isEmpty()).toList());
        Collections.shuffle(val, new Random(7));
        List<List<String>> held = val.subList(0, Math.min(s.evalSentences(), val.size()));
        Vocabulary vocab = vocabulary(train, s.vocab());

        Model model = Model.newInstance("small-elmo", Engines.device(), Engines.engine().getEngineName());
        rng.seedEngine();
        Elmo elmo = Elmo.create(s.options(), 2, 0f, model.getNDManager());
        ElmoTasks.BiLanguageModel lm = new ElmoTasks.BiLanguageModel(elmo, vocab.size(), 0, rng.random().nextLong());
        lm.initialize(model.getNDManager()); // only the softmax is new: DJL keeps initialised parameters
        // The untrained twin: same architecture and initialisation scheme, never trained.
        Model untrained = Model.newInstance("untrained-elmo", Engines.device(), Engines.engine().getEngineName());
        Elmo random = Elmo.create(s.options(), 2, 0f, untrained.getNDManager());
        model.setBlock(lm);

        // Each batch draws its sentences from a random stretch of the training sentences sorted by length, so
        // that a batch pads little: the LSTM steps through the batch's longest sentence, one step at a time.
        List<List<String>> byLength = new ArrayList<>(train);
        byLength.sort(java.util.Comparator.comparingInt(List::size));
        int pool = Math.min(byLength.size(), 8 * s.batch());
        long[] positions = {0}; // tokens the biLM reads, boundaries included (for tokens/s)
        SampledBatches batches = new SampledBatches(s.stepsPerRound(), rng.random().nextLong(), (m, r) -> {
            int from = r.nextInt(byLength.size() - pool + 1);
            List<List<String>> chosen = new ArrayList<>();
            for (int i = 0; i < s.batch(); i++) {
                chosen.add(byLength.get(from + r.nextInt(pool)));
                positions[0] += chosen.get(i).size() + 2;
            }
            return ElmoTasks.batch(m, chosen, vocab, UNK, BOS, EOS);
        });
        int total = s.rounds() * s.stepsPerRound();
        long t0 = System.nanoTime();
        History h = TrainLoop.builder().loss(new ElmoTasks.BiLmLoss()).learningRate(s.lr())
                .schedule(Schedules.linearWarmupDecay(Math.max(1, total / 20), total)).weightDecay(0.01)
                .clipGradNorm(1.0).epochs(s.rounds()).label("biLM").logEvery(10)
                .evaluation((m, round) -> heldOut(lm, m.getNDManager(), held, vocab, s.batch()))
                .build().fit(model, batches);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long tokens = positions[0];

        IntColumn step = IntColumn.create("step");
        DoubleColumn trainLoss = DoubleColumn.create("train_loss");
        DoubleColumn fp = DoubleColumn.create("forward_perplexity");
        DoubleColumn bp = DoubleColumn.create("backward_perplexity");
        List<History.Point> f = h.series("forward_perplexity");
        List<History.Point> b = h.series("backward_perplexity");
        List<History.Point> l = h.series("epoch_train_loss");
        for (int i = 0; i < f.size(); i++) {
            step.append(f.get(i).step());
            trainLoss.append(l.get(i).value());
            fp.append(f.get(i).value());
            bp.append(b.get(i).value());
        }
        // Unigram baseline on the same targets: each held-out word and </S> (forward), <S> and each word (backward).
        List<int[]> trainIds = train.stream().map(x -> ElmoTasks.wordIds(x, vocab, UNK, BOS, EOS)).toList();
        CountLm counts = CountLm.fit(trainIds, vocab.size());
        double nll = 0;
        long n = 0;
        for (List<String> x : held) {
            int[] w = ElmoTasks.wordIds(x, vocab, UNK, BOS, EOS);
            for (int k = 1; k < w.length; k++) {
                nll -= counts.unigramLogProb(w[k]) + counts.unigramLogProb(w[k - 1]);
                n += 2;
            }
        }
        DoubleColumn up = DoubleColumn.create("unigram_perplexity");
        for (int i = 0; i < f.size(); i++) {
            up.append(Math.exp(nll / n));
        }
        return new Pretraining(model, lm, untrained, random, vocab,
                Table.create("Held-out perplexity after each round of " + s.stepsPerRound() + " steps", step, trainLoss, fp, bp, up),
                seconds, tokens / seconds, Math.exp(nll / n));
    }

    /** Forward and backward perplexity on held-out sentences. */
    public static Map<String, Double> heldOut(ElmoTasks.BiLanguageModel lm, NDManager manager, List<List<String>> held,
                                              Vocabulary vocab, int batch) {
        double f = 0;
        double b = 0;
        long nf = 0;
        long nb = 0;
        ParameterStore s = new ParameterStore(manager, false);
        for (int from = 0; from < held.size(); from += batch) {
            try (NDManager scope = manager.newSubManager()) {
                Batch x = ElmoTasks.batch(scope, held.subList(from, Math.min(held.size(), from + batch)), vocab, UNK, BOS, EOS);
                NDList out = lm.forward(s, x.inputs(), false);
                f += LanguageModeling.tokenNll(out.get(0), x.labels().get(0)).mul(x.labels().get(1)).sum().getFloat();
                b += LanguageModeling.tokenNll(out.get(1), x.labels().get(2)).mul(x.labels().get(3)).sum().getFloat();
                nf += (long) x.labels().get(1).sum().getFloat();
                nb += (long) x.labels().get(3).sum().getFloat();
            }
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("forward_perplexity", ElmoTasks.perplexity(f, nf));
        m.put("backward_perplexity", ElmoTasks.perplexity(b, nb));
        return m;
    }

    // ------------------------------------------------------------------ 2. tasks

    /** A scalar mix over the layers side by side in each row (N, layers·D), then a linear classifier. */
    public static final class MixClassifier extends FixedBlock {
        final ScalarMix mix;
        final Dense out;
        private final int layers;
        private final int dim;

        public MixClassifier(int layers, int dim, int classes) {
            this.layers = layers;
            this.dim = dim;
            // Each layer is normalised before mixing (AllenNLP calls this do_layer_norm): the layers' scales
            // differ, and a linear classifier on frozen features learns much faster on standardised inputs.
            mix = addChildBlock("mix", new ScalarMix(layers, true));
            out = addChildBlock("classifier", new Dense(dim, classes, 0.02f));
        }

        @Override
        protected NDList forwardInternal(ParameterStore s, NDList in, boolean training, PairList<String, Object> p) {
            NDArray x = in.singletonOrThrow();
            List<NDArray> parts = new ArrayList<>();
            for (int j = 0; j < layers; j++) {
                parts.add(x.get(":, " + (j * dim) + ":" + ((j + 1) * dim)));
            }
            return new NDList(out.forward(s, mix.forward(s, parts, null, training), training));
        }
    }

    public record Tasks(Table scores, Map<String, List<? extends Number>> scoreSeries, Table weights,
                        Map<String, List<? extends Number>> weightSeries) {
    }

    /** Features of one task: per example, chosen layers side by side; and the labels. */
    record Features(float[][] x, int[] y) {
        /** The first {@code n} columns of every row (layer 0 alone). */
        Features firstColumns(int n) {
            float[][] out = new float[x.length][];
            for (int i = 0; i < x.length; i++) {
                out[i] = java.util.Arrays.copyOf(x[i], n);
            }
            return new Features(out, y);
        }
    }

    public static Tasks tasks(Pretraining pre, Settings s, Rng rng) {
        Random r = rng.random();
        List<List<TaggedWord>> tagTrain = tagged(Split.TRAIN, s.maxWords(), s.tagTrain(), r);
        List<List<TaggedWord>> tagTest = tagged(Split.TEST, s.maxWords(), s.tagTest(), r);
        List<List<TaggedWord>> genreTrain = new ArrayList<>();
        List<Integer> genreTrainY = new ArrayList<>();
        List<List<TaggedWord>> genreTest = new ArrayList<>();
        List<Integer> genreTestY = new ArrayList<>();
        passages(Split.TRAIN, s.passagesPerGenre(), r, genreTrain, genreTrainY);
        passages(Split.TEST, s.testPerGenre(), r, genreTest, genreTestY);

        Elmo trained = pre.lm().elmo();
        Map<String, double[]> acc = new LinkedHashMap<>();
        Map<String, double[]> weights = new LinkedHashMap<>();
        String[] variants = {"ELMo (scalar mix of 3 layers)", "token encoder only (layer 0)", "untrained ELMo (mix of 3 layers)"};
        String[] shortNames = {"ELMo", "token encoder only", "untrained ELMo"};
        for (String v : variants) {
            acc.put(v, new double[2]);
        }
        int[] all = {0, 1, 2};
        int d = s.options().outputDim();
        for (int task = 0; task < 2; task++) {
            boolean tagging = task == 0;
            // Each ELMo's layers are computed once per data set; "token encoder only" is layer 0 of the trained one.
            Features[][] byElmo = new Features[2][];
            for (int e = 0; e < 2; e++) {
                Elmo elmo = e == 0 ? trained : pre.untrainedElmo();
                byElmo[e] = tagging
                        ? new Features[] {tokenFeatures(elmo, tagTrain, all, s.batch()), tokenFeatures(elmo, tagTest, all, s.batch())}
                        : new Features[] {passageFeatures(elmo, genreTrain, genreTrainY, all, s.batch()),
                                passageFeatures(elmo, genreTest, genreTestY, all, s.batch())};
            }
            for (int vi = 0; vi < variants.length; vi++) {
                int[] layerSet = vi == 1 ? new int[] {0} : all;
                Features[] f = byElmo[vi == 2 ? 1 : 0];
                Features tr = vi == 1 ? f[0].firstColumns(d) : f[0];
                Features te = vi == 1 ? f[1].firstColumns(d) : f[1];
                int classes = tagging ? BrownTags.UNIVERSAL.size() : GENRES.size();
                double[] result = trainClassifier(tr, te, layerSet.length, s.options().outputDim(), classes, s,
                        rng.split("task" + task + "v" + vi));
                acc.get(variants[vi])[task] = result[0];
                if (vi == 0) {
                    weights.put(tagging ? "tagging" : "genre", java.util.Arrays.copyOfRange(result, 1, result.length));
                }
            }
        }
        StringColumn method = StringColumn.create("features");
        DoubleColumn tagAcc = DoubleColumn.create("tagging_accuracy");
        DoubleColumn genreAcc = DoubleColumn.create("genre_accuracy");
        Map<String, List<? extends Number>> series = new LinkedHashMap<>();
        for (int vi = 0; vi < variants.length; vi++) {
            double[] v = acc.get(variants[vi]);
            method.append(variants[vi]);
            tagAcc.append(v[0]);
            genreAcc.append(v[1]);
            series.put(shortNames[vi], List.of(v[0], v[1]));
        }
        method.append("majority class");
        tagAcc.append(majority(tagTest));
        genreAcc.append(1.0 / GENRES.size());
        StringColumn task = StringColumn.create("task");
        DoubleColumn[] s3 = {DoubleColumn.create("s_0"), DoubleColumn.create("s_1"), DoubleColumn.create("s_2")};
        DoubleColumn gamma = DoubleColumn.create("gamma");
        Map<String, List<? extends Number>> ws = new LinkedHashMap<>();
        weights.forEach((k, v) -> {
            task.append(k);
            for (int j = 0; j < 3; j++) {
                s3[j].append(v[j]);
            }
            gamma.append(v[3]);
            ws.put(k, List.of(v[0], v[1], v[2]));
        });
        return new Tasks(Table.create("Test accuracy with frozen features", method, tagAcc, genreAcc), series,
                Table.create("Learned scalar-mix weights", task, s3[0], s3[1], s3[2], gamma), ws);
    }

    static double majority(List<List<TaggedWord>> test) {
        Map<String, Integer> c = new HashMap<>();
        long n = 0;
        for (List<TaggedWord> s : test) {
            for (TaggedWord w : s) {
                c.merge(BrownTags.universal(w.tag()), 1, Integer::sum);
                n++;
            }
        }
        return Collections.max(c.values()) / (double) n;
    }

    static List<List<TaggedWord>> tagged(Split split, int maxWords, int count, Random r) {
        List<List<TaggedWord>> out = new ArrayList<>();
        for (BrownCorpus.Document d : BrownCorpus.load().documents(split)) {
            for (List<TaggedWord> s : d.sentences()) {
                if (!s.isEmpty() && s.size() <= maxWords) {
                    out.add(s);
                }
            }
        }
        Collections.shuffle(out, r);
        return out.subList(0, Math.min(count, out.size()));
    }

    static void passages(Split split, int perGenre, Random r, List<List<TaggedWord>> out, List<Integer> labels) {
        for (int g = 0; g < GENRES.size(); g++) {
            List<List<TaggedWord>> p = new ArrayList<>();
            for (BrownCorpus.Document d : BrownCorpus.load().documents(split, GENRES.get(g))) {
                List<List<TaggedWord>> s = d.sentences();
                for (int i = 0; i + 3 <= s.size(); i += 3) {
                    List<TaggedWord> words = new ArrayList<>();
                    s.subList(i, i + 3).forEach(words::addAll);
                    p.add(words.size() > 60 ? words.subList(0, 60) : words);
                }
            }
            Collections.shuffle(p, r);
            for (List<TaggedWord> x : p.subList(0, Math.min(perGenre, p.size()))) {
                out.add(x);
                labels.add(g);
            }
        }
    }

    /** The chosen layers of every token of every sentence (frozen ELMo), with the token's universal tag. */
    static Features tokenFeatures(Elmo elmo, List<List<TaggedWord>> sentences, int[] layerSet, int batch) {
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        forEachBatch(elmo, sentences, batch, (chunk, layers, t, d) -> {
            for (int i = 0; i < chunk.size(); i++) {
                for (int k = 0; k < chunk.get(i).size(); k++) {
                    float[] row = new float[layerSet.length * d];
                    for (int j = 0; j < layerSet.length; j++) {
                        System.arraycopy(layers[layerSet[j]], (i * t + k) * d, row, j * d, d);
                    }
                    rows.add(row);
                    labels.add(BrownTags.UNIVERSAL.indexOf(BrownTags.universal(chunk.get(i).get(k).tag())));
                }
            }
        });
        return new Features(rows.toArray(new float[0][]), labels.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The mean over a passage's tokens of each chosen layer (a linear mix commutes with the mean). */
    static Features passageFeatures(Elmo elmo, List<List<TaggedWord>> passages, List<Integer> y, int[] layerSet, int batch) {
        List<float[]> rows = new ArrayList<>();
        forEachBatch(elmo, passages, batch, (chunk, layers, t, d) -> {
            for (int i = 0; i < chunk.size(); i++) {
                float[] row = new float[layerSet.length * d];
                int n = chunk.get(i).size();
                for (int j = 0; j < layerSet.length; j++) {
                    for (int k = 0; k < n; k++) {
                        for (int e = 0; e < d; e++) {
                            row[j * d + e] += layers[layerSet[j]][(i * t + k) * d + e] / n;
                        }
                    }
                }
                rows.add(row);
            }
        });
        return new Features(rows.toArray(new float[0][]), y.stream().mapToInt(Integer::intValue).toArray());
    }

    interface LayerConsumer {
        void accept(List<List<TaggedWord>> chunk, float[][] layers, int t, int d);
    }

    static void forEachBatch(Elmo elmo, List<List<TaggedWord>> sentences, int batch, LayerConsumer consumer) {
        try (NDManager m = Engines.newManager()) {
            ParameterStore s = new ParameterStore(m, false);
            for (int from = 0; from < sentences.size(); from += batch) {
                try (NDManager scope = m.newSubManager()) {
                    List<List<TaggedWord>> chunk = sentences.subList(from, Math.min(sentences.size(), from + batch));
                    List<List<String>> words = chunk.stream().map(x -> x.stream().map(TaggedWord::word).toList()).toList();
                    int t = ElmoCharacters.longest(words);
                    NDArray ids = scope.create(ElmoCharacters.batchToIds(words),
                            new ai.djl.ndarray.types.Shape(words.size(), t, ElmoCharacters.MAX_CHARS));
                    Elmo.Output o = elmo.forward(s, ids, false);
                    float[][] layers = new float[o.layers().size()][];
                    for (int j = 0; j < layers.length; j++) {
                        layers[j] = o.layers().get(j).toFloatArray();
                    }
                    consumer.accept(chunk, layers, t, (int) o.layers().get(0).getShape().get(2));
                }
            }
        }
    }

    /** Trains mix + classifier; returns test accuracy, then s_0.. and γ of the mix. */
    static double[] trainClassifier(Features train, Features test, int layers, int dim, int classes, Settings s, Rng rng) {
        try (Model model = Model.newInstance("task", Engines.device(), Engines.engine().getEngineName())) {
            rng.seedEngine();
            MixClassifier clf = new MixClassifier(layers, dim, classes);
            clf.initialize(model.getNDManager());
            model.setBlock(clf);
            int batches = Math.max(1, train.x().length / 64);
            int total = s.taskEpochs() * batches;
            TrainLoop.builder().loss(Loss.softmaxCrossEntropyLoss()).learningRate(1e-2)
                    .schedule(Schedules.linearWarmupDecay(Math.max(1, total / 20), total)).weightDecay(0.0)
                    .epochs(s.taskEpochs()).label("task").logEvery(50).build()
                    .fit(model, new ArrayBatches(train.x(), train.y(), 64, rng.split("batches")));
            int right = 0;
            ParameterStore store = new ParameterStore(model.getNDManager(), false);
            for (int from = 0; from < test.x().length; from += 256) {
                try (NDManager scope = model.getNDManager().newSubManager()) {
                    float[][] chunk = java.util.Arrays.copyOfRange(test.x(), from, Math.min(test.x().length, from + 256));
                    NDArray x = scope.create(chunk);
                    float[] pred = clf.forward(store, new NDList(x), false).singletonOrThrow().argMax(1)
                            .toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
                    for (int i = 0; i < pred.length; i++) {
                        right += (int) pred[i] == test.y()[from + i] ? 1 : 0;
                    }
                }
            }
            float[] sw = clf.mix.weights(store, Engines.device(), false).toFloatArray();
            double[] out = new double[2 + layers];
            out[0] = right / (double) test.x().length;
            for (int j = 0; j < layers; j++) {
                out[1 + j] = sw[j];
            }
            out[1 + layers] = clf.mix.gamma.getArray().getFloat(0);
            return out;
        }
    }

    // ------------------------------------------------------------------ helpers
}
