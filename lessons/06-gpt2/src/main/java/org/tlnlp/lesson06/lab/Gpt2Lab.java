package org.tlnlp.lesson06.lab;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.tlnlp.data.BrownCorpus;
import org.tlnlp.data.BrownTags;
import org.tlnlp.data.Split;
import org.tlnlp.data.TaggedWord;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.lab.LabReport;
import org.tlnlp.lab.LabSize;
import org.tlnlp.models.CountLm;
import org.tlnlp.models.Gpt2;
import org.tlnlp.models.Gpt2Config;
import org.tlnlp.models.Gpt2Tasks;
import org.tlnlp.models.Gpt2Weights;
import org.tlnlp.models.Pretrained;
import org.tlnlp.models.Sampling;
import org.tlnlp.plot.Figures;
import org.tlnlp.text.BpeTrainer;
import org.tlnlp.text.ByteLevelBpe;
import org.tlnlp.train.Batch;
import org.tlnlp.train.BatchSource;
import org.tlnlp.train.History;
import org.tlnlp.train.LmBatches;
import org.tlnlp.train.SampledBatches;
import org.tlnlp.train.Schedules;
import org.tlnlp.train.TrainLoop;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Lab 06: GPT-2. (1) A byte-level BPE learned from Brown's training documents. (2) A small GPT-2 pre-trained
 * on them as a language model, against unigram and bigram baselines, with samples. (3) Tasks recast as
 * language modelling: genre by comparing the likelihood of each label's words after the text, zero-shot and
 * fine-tuned on "text = label", and part-of-speech tags as a transduction "sentence = DET NOUN VERB".
 *
 * <p>Run it with {@code ./course run 06-gpt2 [--smoke|--quick|--full]}.
 */
public final class Gpt2Lab {

    public static final String LESSON = "06-gpt2";
    public static final long SEED = 6_2019L;
    public static final List<String> GENRES = List.of("news", "religion", "hobbies", "learned", "romance");
    /** How each genre is written as words the LM can score (the "verbaliser"). */
    public static final List<String> LABEL_WORDS = List.of(" news", " religion", " hobbies", " science", " love");
    /** What follows a passage in the zero-shot prompt, before the label's words. */
    public static final String ZERO_SHOT_CUE = " This text is about";

    /** The settings of one size. */
    public record Settings(int vocab, int layers, int width, int heads, int context, float dropout, double lr, int batch,
                           int rounds, int stepsPerRound, int evalWindows, int passagesPerGenre, int testPerGenre,
                           int genreEpochs, int tagTrain, int tagTest, int tagEpochs, int maxTagWords) {

        public static Settings of(LabSize size) {
            return size.pick(new Settings(400, 1, 32, 2, 64, 0f, 2.5e-3, 8, 2, 6, 16, 6, 3, 1, 24, 4, 1, 8),
                    new Settings(1024, 4, 128, 4, 128, 0f, 2.5e-3, 16, 5, 220, 300, 120, 40, 3, 4000, 200, 2, 12),
                    new Settings(8192, 6, 384, 6, 256, 0.1f, 1e-3, 32, 10, 2000, 2000, 400, 100, 4, 10000, 500, 3, 25));
        }
    }

    private Gpt2Lab() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("Report: " + run(LabSize.current(args), LabReport.repositoryRoot()));
    }

    public static Path run(LabSize size, Path root) throws Exception {
        Settings s = Settings.of(size);
        LabReport report = new LabReport(root, LESSON, "Lab 06: GPT-2", size, SEED);
        report.provenance("settings", s.toString());
        System.out.println("Lab 06 (" + size.label() + ") on " + Engines.describe());
        Rng rng = new Rng(SEED);

        report.heading("1. A byte-level BPE learned from Brown");
        long t0 = System.nanoTime();
        ByteLevelBpe bpe = trainTokenizer(s);
        Corpus corpus = Corpus.encode(bpe);
        report.text(String.format(Locale.ROOT, "%d merges learned from Brown's training documents in %.1f s (vocabulary "
                        + "%d with `<|endoftext|>`). Training documents: %,d tokens for %,d words (%.2f tokens per word). "
                        + "GPT-2's own r50k vocabulary would need %,d tokens for them. The sentence `%s` becomes `%s`.",
                bpe.merges().size(), (System.nanoTime() - t0) / 1e9, bpe.size(), corpus.trainTokens(), corpus.trainWords(),
                corpus.trainTokens() / (double) corpus.trainWords(), corpus.r50kTrainTokens(), EXAMPLE,
                tokensOf(bpe, EXAMPLE)));

        report.heading("2. Pre-training a small GPT-2 on Brown");
        Pretraining pre = pretrain(bpe, corpus, s, rng.split("pretrain"));
        report.text(String.format(Locale.ROOT, "A GPT-2 with %d blocks, width %d, %d heads, context %d, trained for %d "
                        + "steps of %d windows (%,d tokens, %.1f passes over the training documents) in %.0f s (%,.0f "
                        + "tokens/s). Steps skipped because their gradients were not finite: %d.",
                s.layers(), s.width(), s.heads(), s.context(), s.rounds() * s.stepsPerRound(), s.batch(),
                (long) s.rounds() * s.stepsPerRound() * s.batch() * s.context(),
                (double) s.rounds() * s.stepsPerRound() * s.batch() * s.context() / corpus.trainTokens(),
                pre.seconds(), s.rounds() * s.stepsPerRound() * s.batch() * s.context() / pre.seconds(), pre.skipped()));
        report.table(pre.curve());
        report.figure("learning-curve", Figures.line("Pre-training a small GPT-2 on Brown", "step",
                "cross-entropy (nats per token)", Map.of("training loss", pre.trainCurve(),
                        "validation loss", Figures.xy(pre.curve(), "step", "validation_loss"),
                        "bigram baseline (validation)", Figures.level(pre.trainCurve(), pre.bigramValidation()))));
        report.table(languageModels(pre));
        report.text("Perplexity is exp(loss): the number of equally likely tokens the model is as unsure as. All "
                + "models predict the same validation and test tokens (every token after the first of each window), "
                + "by the same BPE. The bigram's interpolation weight was chosen on the validation tokens, which "
                + "favours the baseline.");

        report.heading("3. Samples");
        report.text(samples(pre.model(), pre.block().getNDManager(), bpe, 40));

        Path checkpoint = Files.createTempDirectory("gpt2-brown");
        Gpt2Weights.save(pre.model(), bpe, checkpoint);
        pre.block().close();

        report.heading("4. Tasks as language modelling");
        Tasks tasks = tasks(checkpoint, s, rng);
        report.text(tasks.description());
        report.table(tasks.table());
        report.figure("tasks", tasks.figure());
        report.text("Generated tags for test sentences:\n\n" + tasks.tagSamples());
        deleteRecursively(checkpoint);
        return report.write();
    }

    /** The scores of every task, what they mean, and some generated tag sequences. */
    public record Tasks(Table table, String description, String tagSamples) {
        public org.knowm.xchart.CategoryChart figure() {
            return Figures.bar("Tasks as language modelling", "method", "score",
                    table.stringColumn("method").asList().stream().map(m -> m.length() > 28 ? m.substring(0, 28) : m).toList(),
                    Map.of("score", table.doubleColumn("score").asList()));
        }
    }

    /** Runs both tasks from a saved pre-trained model (each fine-tunes its own copy). */
    public static Tasks tasks(Path checkpoint, Settings s, Rng rng) throws IOException {
        Table table = Table.create("Tasks recast as language modelling (test documents)",
                StringColumn.create("task"), StringColumn.create("method"), DoubleColumn.create("score"),
                StringColumn.create("measure"));
        GenreResult genre = genreTask(checkpoint, s, rng.split("genre"));
        genre.addTo(table);
        TaggingResult tagging = taggingTask(checkpoint, s, rng.split("tags"));
        tagging.addTo(table);
        String description = "Genre: passages of 3 sentences, genres " + GENRES + " written as " + LABEL_WORDS + ". "
                + "Zero-shot compares log p(label words | passage + \"" + ZERO_SHOT_CUE.trim() + "\"); calibrated "
                + "subtracts log p(label words | \"" + ZERO_SHOT_CUE.trim() + "\") alone, the label's prior (Zhao et al. "
                + "2021). Fine-tuned trains on \"passage = label\" and compares log p(label | passage =). Tags: sentences "
                + "of at most " + s.maxTagWords() + " words written \"" + tagging.example() + "\"; the model generates "
                + "the tags greedily after \"=\" and each word's tag is compared with Brown's (12 coarse tags).";
        return new Tasks(table, description, tagging.samples());
    }

    static final String EXAMPLE = "The jury said it did find that many of Atlanta's registration practices were well handled.";

    static String tokensOf(ByteLevelBpe bpe, String text) {
        List<String> t = new ArrayList<>();
        for (int id : bpe.encode(text)) {
            t.add(bpe.decode(new int[] {id}).replace(' ', '·'));
        }
        return String.join(" | ", t);
    }

    // ------------------------------------------------------------------ 1. data and tokenizer

    /** A document as text: its sentences, words separated by spaces as Brown writes them. */
    public static String text(BrownCorpus.Document d) {
        return d.sentences().stream().map(Gpt2Lab::sentence).collect(Collectors.joining(" "));
    }

    public static String sentence(List<TaggedWord> s) {
        return s.stream().map(TaggedWord::word).collect(Collectors.joining(" "));
    }

    public static ByteLevelBpe trainTokenizer(Settings s) {
        List<String> train = BrownCorpus.load().documents(Split.TRAIN).stream().map(Gpt2Lab::text).toList();
        return BpeTrainer.train(train, s.vocab());
    }

    /** Every document of each split as token ids, each followed by {@code <|endoftext|>}. */
    public record Corpus(int[] train, int[] validation, int[] test, long trainWords, long r50kTrainTokens) {

        public static Corpus encode(ByteLevelBpe bpe) {
            long[] words = {0};
            long[] r50k = {0};
            int[] train = stream(bpe, Split.TRAIN, words, r50k);
            return new Corpus(train, stream(bpe, Split.VALIDATION, null, null), stream(bpe, Split.TEST, null, null),
                    words[0], r50k[0]);
        }

        private static int[] stream(ByteLevelBpe bpe, Split split, long[] words, long[] r50k) {
            List<int[]> docs = new ArrayList<>();
            int n = 0;
            for (BrownCorpus.Document d : BrownCorpus.load().documents(split)) {
                String t = text(d);
                int[] ids = bpe.encode(t);
                docs.add(ids);
                n += ids.length + 1;
                if (words != null) {
                    words[0] += d.tokenCount();
                    r50k[0] += ByteLevelBpe.r50k().encode(t).length;
                }
            }
            int[] out = new int[n];
            int k = 0;
            for (int[] ids : docs) {
                System.arraycopy(ids, 0, out, k, ids.length);
                k += ids.length;
                out[k++] = bpe.endOfText();
            }
            return out;
        }

        public long trainTokens() {
            return train.length;
        }
    }

    /** Non-overlapping windows of {@code length} tokens. */
    public static List<int[]> windows(int[] stream, int length, int max) {
        List<int[]> out = new ArrayList<>();
        for (int from = 0; from + length <= stream.length && out.size() < max; from += length) {
            out.add(java.util.Arrays.copyOfRange(stream, from, from + length));
        }
        return out;
    }

    // ------------------------------------------------------------------ 2. pre-training

    /** A batch of random windows of {@code length} tokens from the training stream. */
    static Batch windows(NDManager manager, Random r, int[] stream, int length, int batch, int pad) {
        int[][] seqs = new int[batch][];
        for (int i = 0; i < batch; i++) {
            int from = r.nextInt(stream.length - length);
            seqs[i] = java.util.Arrays.copyOfRange(stream, from, from + length);
        }
        NDList a = LmBatches.arrays(manager, seqs, new int[batch], pad);
        return new Batch(new NDList(a.get(0)), new NDList(a.get(1), a.get(2)), batch);
    }

    public record Pretraining(Model block, Gpt2 model, Table curve, double[][] trainCurve, double seconds, int skipped,
                              Map<String, double[]> losses, double bigramValidation) {
    }

    public static Gpt2Config config(ByteLevelBpe bpe, Settings s) {
        return new Gpt2Config(s.layers(), s.heads(), s.width(), s.context(), bpe.size(), 1e-5f, s.dropout());
    }

    public static Pretraining pretrain(ByteLevelBpe bpe, Corpus corpus, Settings s, Rng rng) {
        Model model = Model.newInstance("small-gpt2", Engines.device(), Engines.engine().getEngineName());
        rng.seedEngine();
        Gpt2 gpt = Gpt2.create(config(bpe, s), model.getNDManager());
        model.setBlock(gpt);
        List<int[]> valWindows = windows(corpus.validation(), s.context() + 1, s.evalWindows());
        List<int[]> testWindows = windows(corpus.test(), s.context() + 1, s.evalWindows());
        SampledBatches batches = new SampledBatches(s.stepsPerRound(), rng.random().nextLong(),
                (m, r) -> windows(m, r, corpus.train(), s.context() + 1, s.batch(), bpe.endOfText()));
        int total = s.rounds() * s.stepsPerRound();
        long t0 = System.nanoTime();
        History history = TrainLoop.builder().loss(new Gpt2Tasks.LanguageModelLoss()).learningRate(s.lr())
                .schedule(Schedules.linearWarmupDecay(Math.max(1, total / 20), total)).weightDecay(0.01)
                .clipGradNorm(1.0).epochs(s.rounds()).label("pre-training").logEvery(10)
                .evaluation((m, round) -> Map.of("validation_loss", meanLoss(gpt, m.getNDManager(), valWindows, s.batch())))
                .build().fit(model, batches);
        double seconds = (System.nanoTime() - t0) / 1e9;

        IntColumn step = IntColumn.create("step");
        DoubleColumn train = DoubleColumn.create("train_loss");
        DoubleColumn val = DoubleColumn.create("validation_loss");
        DoubleColumn ppl = DoubleColumn.create("validation_perplexity");
        List<History.Point> v = history.series("validation_loss");
        List<History.Point> l = history.series("epoch_train_loss");
        for (int i = 0; i < v.size(); i++) {
            step.append(v.get(i).step());
            train.append(l.get(i).value());
            val.append(v.get(i).value());
            ppl.append(Math.exp(v.get(i).value()));
        }
        double[][] trainCurve = history.xy("train_loss");

        // Count baselines on exactly the same (previous token, next token) pairs.
        CountLm counts = CountLm.fit(List.of(corpus.train()), bpe.size());
        int[][] valPairs = pairs(valWindows);
        int[][] testPairs = pairs(testWindows);
        double lambda = counts.bestLambda(valPairs[0], valPairs[1]);
        Map<String, double[]> losses = new LinkedHashMap<>();
        losses.put("unigram (add-one)", new double[] {counts.meanNll(valPairs[0], valPairs[1], 0),
                counts.meanNll(testPairs[0], testPairs[1], 0)});
        losses.put(String.format(Locale.ROOT, "bigram (interpolated, λ = %.2f)", lambda),
                new double[] {counts.meanNll(valPairs[0], valPairs[1], lambda), counts.meanNll(testPairs[0], testPairs[1], lambda)});
        losses.put("small GPT-2", new double[] {meanLoss(gpt, model.getNDManager(), valWindows, s.batch()),
                meanLoss(gpt, model.getNDManager(), testWindows, s.batch())});
        return new Pretraining(model, gpt, Table.create("Validation loss after each round of " + s.stepsPerRound()
                + " steps", step, train, val, ppl), trainCurve, seconds, history.series("skipped_step").size(), losses,
                counts.meanNll(valPairs[0], valPairs[1], lambda));
    }

    /** For every window, the inputs and the next tokens: [previous tokens, next tokens]. */
    static int[][] pairs(List<int[]> windows) {
        int n = windows.stream().mapToInt(w -> w.length - 1).sum();
        int[] prev = new int[n];
        int[] next = new int[n];
        int k = 0;
        for (int[] w : windows) {
            for (int j = 0; j + 1 < w.length; j++) {
                prev[k] = w[j];
                next[k++] = w[j + 1];
            }
        }
        return new int[][] {prev, next};
    }

    /** The mean LM loss (nats per token) of the model over whole windows. */
    public static double meanLoss(Gpt2 model, NDManager manager, List<int[]> windows, int batch) {
        double sum = 0;
        long count = 0;
        ParameterStore store = new ParameterStore(manager, false);
        for (int from = 0; from < windows.size(); from += batch) {
            try (NDManager scope = manager.newSubManager()) {
                int[][] seqs = windows.subList(from, Math.min(windows.size(), from + batch)).toArray(new int[0][]);
                NDList a = LmBatches.arrays(scope, seqs, new int[seqs.length], 0);
                NDArray logits = model.forward(store, a.get(0), null, false, false).logits();
                sum += org.tlnlp.models.LanguageModeling.tokenNll(logits, a.get(1)).mul(a.get(2)).sum().getFloat();
                count += (long) a.get(2).sum().getFloat();
            }
        }
        return sum / count;
    }

    static Table languageModels(Pretraining pre) {
        StringColumn model = StringColumn.create("model");
        DoubleColumn vl = DoubleColumn.create("validation_loss");
        DoubleColumn vp = DoubleColumn.create("validation_perplexity");
        DoubleColumn tl = DoubleColumn.create("test_loss");
        DoubleColumn tp = DoubleColumn.create("test_perplexity");
        pre.losses().forEach((name, l) -> {
            model.append(name);
            vl.append(l[0]);
            vp.append(Math.exp(l[0]));
            tl.append(l[1]);
            tp.append(Math.exp(l[1]));
        });
        return Table.create("Language models on Brown (loss in nats per BPE token)", model, vl, vp, tl, tp);
    }

    /** A few continuations of Brown-like prompts, greedy and sampled (seeded). */
    public static String samples(Gpt2 model, NDManager m, ByteLevelBpe bpe, int length) {
        StringBuilder sb = new StringBuilder();
        String[] prompts = {"The jury said", "In the church", "She looked at him and"};
        Map<String, Sampling> ways = new LinkedHashMap<>();
        ways.put("greedy", Sampling.greedy());
        ways.put("top-k 40, temperature 0.8", Sampling.topK(40, 0.8));
        ways.put("top-p 0.9", Sampling.topP(0.9, 1.0));
        Random r = new Random(SEED);
        for (String p : prompts) {
            for (Map.Entry<String, Sampling> w : ways.entrySet()) {
                int[] out = model.generate(m, bpe.encode(p), length, w.getValue(), r, bpe.endOfText(), true);
                sb.append("* *").append(w.getKey()).append(":* **").append(p).append("**")
                        .append(bpe.decode(out).replace("\n", " ").replace("*", "\\*")).append('\n');
            }
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ 4a. genre

    /** Passages of 3 sentences with their genre index, shuffled, at most {@code perGenre} per genre. */
    public static List<Map.Entry<String, Integer>> passages(Split split, int perGenre, Random r) {
        List<Map.Entry<String, Integer>> out = new ArrayList<>();
        for (int g = 0; g < GENRES.size(); g++) {
            List<String> texts = new ArrayList<>();
            for (BrownCorpus.Document d : BrownCorpus.load().documents(split, GENRES.get(g))) {
                List<List<TaggedWord>> s = d.sentences();
                for (int i = 0; i + 3 <= s.size(); i += 3) {
                    texts.add(s.subList(i, i + 3).stream().map(Gpt2Lab::sentence).collect(Collectors.joining(" ")));
                }
            }
            Collections.shuffle(texts, r);
            for (String t : texts.subList(0, Math.min(perGenre, texts.size()))) {
                out.add(Map.entry(t, g));
            }
        }
        Collections.shuffle(out, r);
        return out;
    }

    record GenreResult(double zeroShot, double calibrated, double fineTuned, double chance) {
        void addTo(Table t) {
            add(t, "genre", "chance (1 / 5)", chance, "accuracy");
            add(t, "genre", "zero-shot", zeroShot, "accuracy");
            add(t, "genre", "zero-shot, calibrated", calibrated, "accuracy");
            add(t, "genre", "fine-tuned on \"text = label\"", fineTuned, "accuracy");
        }
    }

    static void add(Table t, String task, String method, double score, String measure) {
        t.stringColumn("task").append(task);
        t.stringColumn("method").append(method);
        t.doubleColumn("score").append(score);
        t.stringColumn("measure").append(measure);
    }

    /** The prompt ids for a passage: its last tokens, so that the cue and the label fit the context. */
    static int[] prompt(ByteLevelBpe bpe, String text, String cue, int room) {
        int[] t = bpe.encode(text);
        int[] c = bpe.encode(cue);
        int keep = Math.min(t.length, room - c.length);
        int[] out = new int[keep + c.length];
        System.arraycopy(t, t.length - keep, out, 0, keep);
        System.arraycopy(c, 0, out, keep, c.length);
        return out;
    }

    static int[] predictGenres(Gpt2 model, NDManager m, ByteLevelBpe bpe, List<Map.Entry<String, Integer>> test,
                               String cue, double[] prior, int room) {
        List<int[]> labels = LABEL_WORDS.stream().map(bpe::encode).toList();
        List<int[]> prompts = new ArrayList<>();
        List<int[]> conts = new ArrayList<>();
        for (Map.Entry<String, Integer> e : test) {
            int[] p = prompt(bpe, e.getKey(), cue, room);
            for (int[] l : labels) {
                prompts.add(p);
                conts.add(l);
            }
        }
        double[] ll = Gpt2Tasks.logLikelihood(model, m, prompts, conts, 40);
        int[] pred = new int[test.size()];
        for (int i = 0; i < test.size(); i++) {
            int best = 0;
            for (int g = 1; g < labels.size(); g++) {
                if (ll[i * labels.size() + g] - prior[g] > ll[i * labels.size() + best] - prior[best]) {
                    best = g;
                }
            }
            pred[i] = best;
        }
        return pred;
    }

    static double accuracy(int[] pred, List<Map.Entry<String, Integer>> gold) {
        int right = 0;
        for (int i = 0; i < pred.length; i++) {
            right += pred[i] == gold.get(i).getValue() ? 1 : 0;
        }
        return right / (double) pred.length;
    }

    static GenreResult genreTask(Path checkpoint, Settings s, Rng rng) throws IOException {
        Random r = rng.random();
        List<Map.Entry<String, Integer>> train = passages(Split.TRAIN, s.passagesPerGenre(), r);
        List<Map.Entry<String, Integer>> test = passages(Split.TEST, s.testPerGenre(), r);
        try (Model model = Model.newInstance("genre", Engines.device(), Engines.engine().getEngineName())) {
            Pretrained.Gpt2Model loaded = Pretrained.gpt2(checkpoint, model.getNDManager());
            Gpt2 gpt = loaded.model();
            ByteLevelBpe bpe = loaded.tokenizer();
            // The passage keeps its last tokens so that prompt + label + <|endoftext|> fit the context.
            int room = s.context() - 1 - LABEL_WORDS.stream().mapToInt(l -> bpe.encode(l).length).max().orElse(0);
            NDManager m = model.getNDManager();
            double[] none = new double[GENRES.size()];
            double zero = accuracy(predictGenres(gpt, m, bpe, test, ZERO_SHOT_CUE, none, room), test);
            // The label's prior: its likelihood after the cue alone (end-of-text stands for "no passage").
            int[] cueOnly = prompt(bpe, "", ZERO_SHOT_CUE, room);
            int[] withEot = new int[cueOnly.length + 1];
            withEot[0] = bpe.endOfText();
            System.arraycopy(cueOnly, 0, withEot, 1, cueOnly.length);
            double[] prior = Gpt2Tasks.logLikelihood(gpt, m, Collections.nCopies(GENRES.size(), withEot),
                    LABEL_WORDS.stream().map(bpe::encode).toList(), GENRES.size());
            double calibrated = accuracy(predictGenres(gpt, m, bpe, test, ZERO_SHOT_CUE, prior, room), test);

            // Fine-tuning on "passage = label<|endoftext|>": only the label and the end are trained.
            List<int[]> seqs = new ArrayList<>();
            int[] promptLengths = new int[train.size()];
            for (int i = 0; i < train.size(); i++) {
                int[] p = prompt(bpe, train.get(i).getKey(), " =", room);
                int[] l = bpe.encode(LABEL_WORDS.get(train.get(i).getValue()));
                int[] seq = java.util.Arrays.copyOf(p, p.length + l.length + 1);
                System.arraycopy(l, 0, seq, p.length, l.length);
                seq[seq.length - 1] = bpe.endOfText();
                seqs.add(seq);
                promptLengths[i] = p.length;
            }
            model.setBlock(gpt);
            fineTune(model, new LmBatches(seqs, promptLengths, s.batch(), bpe.endOfText(), rng.split("batches")),
                    s.genreEpochs(), 5e-4, "genre fine-tuning");
            double fine = accuracy(predictGenres(gpt, m, bpe, test, " =", none, room), test);
            return new GenreResult(zero, calibrated, fine, 1.0 / GENRES.size());
        }
    }

    static void fineTune(Model model, BatchSource batches, int epochs, double lr, String label) {
        int total = epochs * batches.batches();
        TrainLoop.builder().loss(new Gpt2Tasks.LanguageModelLoss()).learningRate(lr)
                .schedule(Schedules.linearWarmupDecay(Math.max(1, total / 10), total)).weightDecay(0.01)
                .clipGradNorm(1.0).epochs(epochs).label(label).logEvery(10).build().fit(model, batches);
    }

    // ------------------------------------------------------------------ 4b. tags as a transduction

    /** A sentence and its coarse tags. */
    public record Tagged(List<String> words, List<String> tags) {
        public String source() {
            return String.join(" ", words);
        }

        public String target() {
            return " " + String.join(" ", tags);
        }
    }

    public static List<Tagged> taggedSentences(Split split, int maxWords, int count, Random r) {
        List<Tagged> out = new ArrayList<>();
        for (BrownCorpus.Document d : BrownCorpus.load().documents(split)) {
            for (List<TaggedWord> s : d.sentences()) {
                if (s.size() >= 3 && s.size() <= maxWords) {
                    out.add(new Tagged(s.stream().map(TaggedWord::word).toList(),
                            s.stream().map(w -> BrownTags.universal(w.tag())).toList()));
                }
            }
        }
        Collections.shuffle(out, r);
        return out.subList(0, Math.min(count, out.size()));
    }

    record TaggingResult(double accuracy, double exact, String majorityTag, double majority, double perWord,
                         String example, String samples) {
        void addTo(Table t) {
            add(t, "tags", "every word \"" + majorityTag + "\" (most frequent tag)", majority, "tag accuracy");
            add(t, "tags", "most frequent tag per word (unseen: hapax tag)", perWord, "tag accuracy");
            add(t, "tags", "fine-tuned \"sentence = tags\"", accuracy, "tag accuracy");
            add(t, "tags", "fine-tuned, whole sentence right", exact, "exact match");
        }
    }

    static TaggingResult taggingTask(Path checkpoint, Settings s, Rng rng) throws IOException {
        Random r = rng.random();
        List<Tagged> train = taggedSentences(Split.TRAIN, s.maxTagWords(), s.tagTrain(), r);
        List<Tagged> test = taggedSentences(Split.TEST, s.maxTagWords(), s.tagTest(), r);
        // Baselines from the training sentences.
        Map<String, Map<String, Integer>> byWord = new HashMap<>();
        for (Tagged t : train) {
            for (int i = 0; i < t.words().size(); i++) {
                byWord.computeIfAbsent(t.words().get(i).toLowerCase(Locale.ROOT), k -> new HashMap<>())
                        .merge(t.tags().get(i), 1, Integer::sum);
            }
        }
        Map<String, Integer> tagCounts = new HashMap<>();
        train.forEach(t -> t.tags().forEach(tag -> tagCounts.merge(tag, 1, Integer::sum)));
        String majority = Collections.max(tagCounts.entrySet(), Map.Entry.comparingByValue()).getKey();
        // Words never seen in training get the tag most common among words seen once (open classes: NOUN).
        Map<String, Integer> onceTags = new HashMap<>();
        byWord.values().stream().filter(c -> c.values().stream().mapToInt(Integer::intValue).sum() == 1)
                .forEach(c -> c.keySet().forEach(tag -> onceTags.merge(tag, 1, Integer::sum)));
        String unseen = onceTags.isEmpty() ? majority
                : Collections.max(onceTags.entrySet(), Map.Entry.comparingByValue()).getKey();
        long total = 0;
        long majorityRight = 0;
        long perWordRight = 0;
        for (Tagged t : test) {
            for (int i = 0; i < t.words().size(); i++) {
                total++;
                majorityRight += t.tags().get(i).equals(majority) ? 1 : 0;
                Map<String, Integer> c = byWord.get(t.words().get(i).toLowerCase(Locale.ROOT));
                String guess = c == null ? unseen : Collections.max(c.entrySet(), Map.Entry.comparingByValue()).getKey();
                perWordRight += guess.equals(t.tags().get(i)) ? 1 : 0;
            }
        }
        try (Model model = Model.newInstance("tags", Engines.device(), Engines.engine().getEngineName())) {
            Pretrained.Gpt2Model loaded = Pretrained.gpt2(checkpoint, model.getNDManager());
            Gpt2 gpt = loaded.model();
            ByteLevelBpe bpe = loaded.tokenizer();
            model.setBlock(gpt);
            List<int[]> seqs = new ArrayList<>();
            int[] promptLengths = new int[train.size()];
            for (int i = 0; i < train.size(); i++) {
                int[] p = bpe.encode(train.get(i).source() + " =");
                int[] t = bpe.encode(train.get(i).target());
                int[] seq = java.util.Arrays.copyOf(p, Math.min(s.context() + 1, p.length + t.length + 1));
                System.arraycopy(t, 0, seq, p.length, Math.min(t.length, seq.length - p.length));
                seq[seq.length - 1] = bpe.endOfText();
                seqs.add(seq);
                promptLengths[i] = p.length;
            }
            fineTune(model, new LmBatches(seqs, promptLengths, s.batch(), bpe.endOfText(), rng.split("batches")),
                    s.tagEpochs(), 1e-3, "tag fine-tuning");
            long right = 0;
            int exact = 0;
            StringBuilder samples = new StringBuilder();
            for (Tagged t : test) {
                int[] p = bpe.encode(t.source() + " =");
                int[] out = gpt.generate(model.getNDManager(), p, 3 * t.words().size() + 4, Sampling.greedy(),
                        new Random(0), bpe.endOfText(), true);
                int n = out.length > 0 && out[out.length - 1] == bpe.endOfText() ? out.length - 1 : out.length;
                String[] got = bpe.decode(java.util.Arrays.copyOf(out, n)).trim().split("\\s+");
                int ok = 0;
                for (int i = 0; i < t.tags().size(); i++) {
                    ok += i < got.length && got[i].equals(t.tags().get(i)) ? 1 : 0;
                }
                right += ok;
                exact += ok == t.tags().size() && got.length == t.tags().size() ? 1 : 0;
                if (samples.length() < 1200) {
                    samples.append("* `").append(t.source()).append(" =` → `").append(String.join(" ", got))
                            .append("` (Brown: `").append(String.join(" ", t.tags())).append("`)\n");
                }
            }
            Tagged e = train.get(0);
            return new TaggingResult(right / (double) total, exact / (double) test.size(), majority,
                    majorityRight / (double) total, perWordRight / (double) total, e.source() + " =" + e.target(),
                    samples.toString());
        }
    }

    // ------------------------------------------------------------------ helpers

    static void deleteRecursively(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
