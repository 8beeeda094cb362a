package org.tlnlp.lesson06.lab;

import ai.djl.ndarray.NDManager;
import org.tlnlp.analysis.layers.LayerAnalysis;
import org.tlnlp.analysis.layers.LayerSizes;
import org.tlnlp.data.BrownCorpus;
import org.tlnlp.data.BrownTasks;
import org.tlnlp.data.Split;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.lab.LabReport;
import org.tlnlp.lab.LabSize;
import org.tlnlp.models.Pretrained;
import org.tlnlp.models.gpt2.Gpt2;
import org.tlnlp.models.gpt2.Gpt2Config;
import org.tlnlp.models.gpt2.LmBatch;
import org.tlnlp.models.gpt2.LmBatches;
import org.tlnlp.models.gpt2.Sampling;
import org.tlnlp.models.ngram.CountLm;
import org.tlnlp.plot.Figures;
import org.tlnlp.plot.Tables;
import org.tlnlp.text.BpeTrainer;
import org.tlnlp.text.ByteLevelBpe;
import org.tlnlp.train.History;
import org.tlnlp.train.Recipe;
import org.tlnlp.train.SampledBatches;
import org.tlnlp.train.TrainLoop;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Lab 06: GPT-2. (1) A byte-level BPE learned from Brown's training documents. (2) A small GPT-2 pre-trained
 * on them as a language model, against unigram and bigram baselines, with samples. (3) Tasks recast as
 * language modelling ({@link Gpt2Tasks}): genre by comparing the likelihood of each label's words after the
 * text, zero-shot and fine-tuned on "text = label", and part-of-speech tags as a transduction
 * "sentence = DET NOUN VERB". (5) The pre-trained model layer by layer: mutual information with the input word
 * and with the next word ({@link LayerByLayer}).
 *
 * <p>Run it with {@code ./course run 06-gpt2 [--smoke|--quick|--full]}.
 */
public final class Gpt2Lab {

    /** One seed for the whole run: the same seed gives the same report on a CPU. */
    public static final long SEED = 6_2019L;
    static final String EXAMPLE = "The jury said it did find that many of Atlanta's registration practices were well handled.";

    public static Path run(LabSize size, Path root) throws Exception {
        Gpt2Settings s = Gpt2Settings.of(size);
        LabReport report = LabReport.start(root, "06-gpt2", "Lab 06: GPT-2", size, SEED, s);
        Rng rng = new Rng(SEED);
        Yours.check();

        report.heading("1. A byte-level BPE learned from Brown");
        long t0 = System.nanoTime();
        ByteLevelBpe bpe = trainTokenizer(s);
        Corpus corpus = Corpus.encode(bpe);
        report.text(String.format(Locale.ROOT, "%d merges learned from Brown's training documents in %.1f s (vocabulary "
                        + "%d with `<|endoftext|>`). Training documents: %,d tokens for %,d words (%.2f tokens per word). "
                        + "GPT-2's own r50k vocabulary would need %,d tokens for them. The sentence `%s` becomes `%s`.",
                bpe.merges().size(), (System.nanoTime() - t0) / 1e9, bpe.size(), corpus.train().length, corpus.trainWords(),
                corpus.train().length / (double) corpus.trainWords(), corpus.r50kTrainTokens(), EXAMPLE, tokensOf(bpe, EXAMPLE)));

        Path checkpoint = Files.createTempDirectory("gpt2-brown");
        LayerAnalysis.Result layers;
        try (NDManager manager = Engines.newManager()) {
            report.heading("2. Pre-training a small GPT-2 on Brown");
            Pretraining pre = pretrain(manager, bpe, corpus, s, rng.split("pretrain"));
            long tokens = (long) s.rounds() * s.stepsPerRound() * s.batch() * s.context();
            report.text(String.format(Locale.ROOT, "A GPT-2 with %d blocks, width %d, %d heads, context %d, trained for %d "
                            + "steps of %d windows (%,d tokens, %.1f passes over the training documents) in %.0f s (%,.0f "
                            + "tokens/s). Steps skipped because their gradients were not finite: %d.", s.layers(), s.width(),
                    s.heads(), s.context(), s.rounds() * s.stepsPerRound(), s.batch(), tokens,
                    (double) tokens / corpus.train().length, pre.seconds(), tokens / pre.seconds(), pre.skipped()));
            report.table(pre.curve());
            report.figure("learning-curve", Figures.line("Pre-training a small GPT-2 on Brown", "step",
                    "cross-entropy (nats per token)", Map.of("training loss", pre.trainCurve(),
                            "validation loss", Figures.xy(pre.curve(), "step", "validation_loss"),
                            "bigram baseline (validation)", Figures.level(pre.trainCurve(), pre.bigramValidation()))));
            report.table(pre.languageModels());
            report.text("Perplexity is exp(loss): the number of equally likely tokens the model is as unsure as. All "
                    + "models predict the same validation and test tokens (every token after the first of each window), "
                    + "by the same BPE. The bigram's interpolation weight was chosen on the validation tokens, which "
                    + "favours the baseline.");

            report.heading("3. Samples");
            report.text(samples(pre.model(), manager, bpe, 40));
            layers = LayerByLayer.measure(pre.model(), bpe, LayerSizes.of(size), rng.split("layers"));
            // Each task fine-tunes its own copy, read back from the Hugging Face folder saved here.
            Pretrained.save(pre.model(), bpe, checkpoint);
        }

        report.heading("4. Tasks as language modelling");
        Gpt2Tasks.Results tasks = Gpt2Tasks.run(checkpoint, s, rng);
        report.text(tasks.description());
        report.table(tasks.table());
        report.text("Paired comparisons on the same test items:\n\n" + String.join("\n",
                tasks.comparisons().stream().map(x -> "- " + x).toList()));
        report.figure("tasks-genre", tasks.genreFigure());
        report.figure("tasks-tags", tasks.tagFigure());
        report.text("Generated tags for test sentences:\n\n" + tasks.tagSamples());
        LayerByLayer.append(report, layers, LayerSizes.of(size));
        try (var files = Files.walk(checkpoint)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
        return report.write();
    }

    static String tokensOf(ByteLevelBpe bpe, String text) {
        List<String> t = new ArrayList<>();
        for (int id : bpe.encode(text)) {
            t.add(bpe.decode(new int[] {id}).replace(' ', '·'));
        }
        return String.join(" | ", t);
    }

    // ------------------------------------------------------------------ 1. data and tokenizer

    public static ByteLevelBpe trainTokenizer(Gpt2Settings s) {
        return BpeTrainer.train(BrownCorpus.load().documents(Split.TRAIN).stream().map(BrownTasks::text).toList(), s.vocab());
    }

    /** Every document of each split as token ids, each followed by {@code <|endoftext|>}. */
    public record Corpus(int[] train, int[] validation, int[] test, long trainWords, long r50kTrainTokens) {

        public static Corpus encode(ByteLevelBpe bpe) {
            List<BrownCorpus.Document> train = BrownCorpus.load().documents(Split.TRAIN);
            return new Corpus(stream(bpe, Split.TRAIN), stream(bpe, Split.VALIDATION), stream(bpe, Split.TEST),
                    train.stream().mapToLong(BrownCorpus.Document::tokenCount).sum(),
                    train.stream().mapToLong(d -> ByteLevelBpe.r50k().encode(BrownTasks.text(d)).length).sum());
        }

        private static int[] stream(ByteLevelBpe bpe, Split split) {
            return LmBatches.concatenate(BrownCorpus.load().documents(split).stream()
                    .map(d -> bpe.encode(BrownTasks.text(d))).toList(), bpe.endOfText());
        }
    }

    // ------------------------------------------------------------------ 2. pre-training

    public record Pretraining(Gpt2 model, Table curve, double[][] trainCurve, double seconds, int skipped,
                              Table languageModels, double bigramValidation) {
    }

    public static Gpt2Config config(ByteLevelBpe bpe, Gpt2Settings s) {
        return new Gpt2Config(s.layers(), s.heads(), s.width(), s.context(), bpe.size(), 1e-5f, s.dropout());
    }

    public static Pretraining pretrain(NDManager manager, ByteLevelBpe bpe, Corpus corpus, Gpt2Settings s, Rng rng) {
        rng.seedEngine();
        Gpt2 gpt = Gpt2.create(config(bpe, s), manager).withAttention(Yours.attention());
        List<int[]> valWindows = LmBatches.windows(corpus.validation(), s.context() + 1, s.evalWindows());
        List<int[]> testWindows = LmBatches.windows(corpus.test(), s.context() + 1, s.evalWindows());
        SampledBatches<LmBatch> batches = new SampledBatches<>(s.stepsPerRound(), rng.random().nextLong(),
                (m, r) -> LmBatches.randomWindows(m, r, corpus.train(), s.context() + 1, s.batch(), bpe.endOfText()));
        long t0 = System.nanoTime();
        History history = TrainLoop.builder().recipe(Recipe.pretraining(s.learningRate())).epochs(s.rounds())
                .label("pre-training").logEvery(10)
                .evaluation(round -> Map.of("validation_loss", gpt.meanLoss(manager, valWindows, s.batch())))
                .build().fit(gpt, batches);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Table curve = Tables.epochs("Validation loss after each round of " + s.stepsPerRound() + " steps", history,
                "train_loss=epoch_train_loss", "validation_loss");
        curve.addColumns(DoubleColumn.create("validation_perplexity",
                curve.doubleColumn("validation_loss").asList().stream().mapToDouble(Math::exp)));

        // Count baselines on exactly the same (previous token, next token) pairs.
        CountLm counts = CountLm.fit(List.of(corpus.train()), bpe.size());
        int[][] val = CountLm.pairs(valWindows);
        int[][] test = CountLm.pairs(testWindows);
        double lambda = counts.bestLambda(val[0], val[1]);
        Map<String, double[]> losses = new LinkedHashMap<>();
        losses.put("unigram (add-one)", new double[] {counts.meanNll(val[0], val[1], 0), counts.meanNll(test[0], test[1], 0)});
        losses.put(String.format(Locale.ROOT, "bigram (interpolated, λ = %.2f)", lambda),
                new double[] {counts.meanNll(val[0], val[1], lambda), counts.meanNll(test[0], test[1], lambda)});
        losses.put("small GPT-2", new double[] {gpt.meanLoss(manager, valWindows, s.batch()),
                gpt.meanLoss(manager, testWindows, s.batch())});
        double[][] grid = losses.values().stream().map(l -> new double[] {l[0], Math.exp(l[0]), l[1], Math.exp(l[1])})
                .toArray(double[][]::new);
        Table models = Tables.grid("Language models on Brown (loss in nats per BPE token)", "model",
                new ArrayList<>(losses.keySet()), List.of("validation_loss", "validation_perplexity", "test_loss",
                        "test_perplexity"), grid);
        return new Pretraining(gpt, curve, history.xy("train_loss"), seconds, history.series("skipped_step").size(),
                models, counts.meanNll(val[0], val[1], lambda));
    }

    // ------------------------------------------------------------------ 3. samples

    /** A few continuations of Brown-like prompts, greedy and sampled (seeded). */
    public static String samples(Gpt2 model, NDManager m, ByteLevelBpe bpe, int length) {
        StringBuilder sb = new StringBuilder();
        Map<String, Sampling> ways = new LinkedHashMap<>();
        ways.put("greedy", Sampling.greedy());
        ways.put("top-k 40, temperature 0.8", Sampling.topK(40, 0.8).withFilters(Yours.filters()));
        ways.put("top-p 0.9", Sampling.topP(0.9, 1.0).withFilters(Yours.filters()));
        Random r = new Random(SEED);
        for (String p : new String[] {"The jury said", "In the church", "She looked at him and"}) {
            for (Map.Entry<String, Sampling> w : ways.entrySet()) {
                int[] out = model.generate(m, bpe.encode(p), length, w.getValue(), r, bpe.endOfText(), true);
                sb.append("* *").append(w.getKey()).append(":* **").append(p).append("**")
                        .append(bpe.decode(out).replace("\n", " ").replace("*", "\\*")).append('\n');
            }
        }
        return sb.toString();
    }

    /** {@code ./course run} starts here; the report's path is the last line printed. */
    public static void main(String[] args) throws Exception {
        System.out.println("Report: " + run(LabSize.current(args), LabReport.repositoryRoot()));
    }

    private Gpt2Lab() {
    }
}
