package org.tlnlp.lesson03.lab;

import ai.djl.ndarray.NDManager;
import org.tlnlp.data.BrownCorpus;
import org.tlnlp.data.BrownTasks;
import org.tlnlp.data.SentimentSentences;
import org.tlnlp.data.Split;
import org.tlnlp.engine.Rng;
import org.tlnlp.models.gpt2.Gpt2;
import org.tlnlp.models.gpt2.Gpt2Config;
import org.tlnlp.models.gpt2.LmBatch;
import org.tlnlp.models.gpt2.LmBatches;
import org.tlnlp.text.BpeTrainer;
import org.tlnlp.text.ByteLevelBpe;
import org.tlnlp.train.BatchSource;
import org.tlnlp.train.Fisher;
import org.tlnlp.train.Recipe;
import org.tlnlp.train.SampledBatches;
import org.tlnlp.train.TrainLoop;
import org.tlnlp.train.WeightAnchor;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Part 4 of lab 03: forgetting in a causal language model. A small GPT-2 pre-trained on Brown is fine-tuned as a
 * language model on review sentences (ULMFiT's second stage: the target domain's text), and scored by perplexity on
 * held-out reviews (the target) and on held-out Brown (what it forgets), before and after, for a few schemes.
 */
final class Gpt2Forgetting {

    static final List<Scheme> SCHEMES = List.of(Scheme.FULL, Scheme.DISCRIMINATIVE, Scheme.L2SP, Scheme.EWC);

    private Gpt2Forgetting() {
    }

    /** Perplexities before and, per scheme, after (means and seed ranges of the losses), and what it took. */
    record Result(Table table, double brownBefore, double reviewsBefore, double pretrainSeconds, String model) {
    }

    static Result run(NDManager manager, OptimizationSettings s, Rng rng) {
        ByteLevelBpe bpe = BpeTrainer.train(BrownCorpus.load().documents(Split.TRAIN).stream().map(BrownTasks::text)
                .toList(), s.gptVocab());
        int[] brownTrain = stream(bpe, Split.TRAIN);
        List<int[]> brownHeld = LmBatches.windows(stream(bpe, Split.VALIDATION), s.gptContext() + 1, s.gptWindows());
        List<int[]> reviews = reviews(bpe, Split.TRAIN, s.gptReviews(), s.gptContext() + 1);
        List<int[]> reviewsHeld = reviews(bpe, Split.TEST, Integer.MAX_VALUE, s.gptContext() + 1);
        rng.split("gpt2 init").seedEngine();
        Gpt2 gpt = Gpt2.create(new Gpt2Config(s.gptLayers(), Math.max(1, s.gptWidth() / 32), s.gptWidth(),
                s.gptContext(), bpe.size(), 1e-5f, 0f), manager);
        long t0 = System.nanoTime();
        TrainLoop.builder().recipe(Recipe.pretraining(2.5e-3)).epochs(1).label("GPT-2 on Brown").logEvery(20).build()
                .fit(gpt, new SampledBatches<>(s.gptSteps(), rng.random().nextLong(), (m, r) -> LmBatches.randomWindows(m,
                        r, brownTrain, s.gptContext() + 1, 16, bpe.endOfText())));
        double pretrainSeconds = (System.nanoTime() - t0) / 1e9;
        double brownBefore = gpt.meanLoss(manager, brownHeld, 32);
        double reviewsBefore = gpt.meanLoss(manager, reviewsHeld, 32);
        List<String> rows = new ArrayList<>(List.of("pre-trained on Brown (no fine-tuning)"));
        List<double[]> values = new ArrayList<>();
        values.add(new double[] {reviewsBefore, reviewsBefore, reviewsBefore, brownBefore, brownBefore, brownBefore});
        List<int[]> fisherWindows = LmBatches.windows(brownTrain, s.gptContext() + 1, s.fisherExamples());
        BatchSource<LmBatch> examples = BatchSource.of(fisherWindows.size(), (m, i) -> LmBatches.of(m,
                new int[][] {fisherWindows.get(i)}, new int[1], 0));
        try (WeightAnchor pretrained = WeightAnchor.of(gpt.namedParameters(), n -> true);
             Fisher raw = Yours.fisher(gpt, examples, n -> true);
             Fisher fisher = raw.scaled(1 / raw.mean())) {
            Scheme.Context context = new Scheme.Context(s, s.gptEpochs(), fisher, n -> true);
            for (Scheme scheme : SCHEMES) {
                double[] target = new double[s.gptSeeds()];
                double[] brown = new double[s.gptSeeds()];
                for (int seed = 0; seed < s.gptSeeds(); seed++) {
                    pretrained.restore(gpt.namedParameters());
                    Rng r = rng.split("gpt2 " + scheme + " " + seed);
                    r.seedEngine();
                    scheme.train(gpt, new LmBatches(reviews, null, 16, bpe.endOfText(), r), context, null,
                            "GPT-2 " + scheme.label.substring(0, Math.min(8, scheme.label.length())));
                    target[seed] = gpt.meanLoss(manager, reviewsHeld, 32);
                    brown[seed] = gpt.meanLoss(manager, brownHeld, 32);
                    System.out.printf(Locale.ROOT, "  GPT-2 %-22s seed %d  review perplexity %.1f  Brown perplexity %.1f -> "
                            + "%.1f%n", scheme.label, seed, Math.exp(target[seed]), Math.exp(brownBefore), Math.exp(brown[seed]));
                }
                rows.add(scheme.label);
                values.add(new double[] {mean(target), min(target), max(target), mean(brown), min(brown), max(brown)});
            }
            pretrained.restore(gpt.namedParameters());
        }
        Table t = Table.create("Small GPT-2: perplexity on held-out reviews (target) and held-out Brown (forgetting), "
                + "mean over " + s.gptSeeds() + " seeds", StringColumn.create("scheme", rows));
        t.addColumns(DoubleColumn.create("review_perplexity", values.stream().mapToDouble(v -> round(Math.exp(v[0])))),
                StringColumn.create("review_seeds", values.stream().map(v -> range(v[1], v[2])).toList()),
                DoubleColumn.create("brown_perplexity", values.stream().mapToDouble(v -> round(Math.exp(v[3])))),
                StringColumn.create("brown_seeds", values.stream().map(v -> range(v[4], v[5])).toList()),
                DoubleColumn.create("brown_loss_rise", values.stream().mapToDouble(v -> round(v[3] - brownBefore))));
        String model = String.format(Locale.ROOT, "%d blocks, width %d, context %d, a BPE of %d symbols learnt from Brown, "
                + "%d pre-training steps of 16 windows", s.gptLayers(), s.gptWidth(), s.gptContext(), bpe.size(), s.gptSteps());
        return new Result(t, brownBefore, reviewsBefore, pretrainSeconds, model);
    }

    private static int[] stream(ByteLevelBpe bpe, Split split) {
        return LmBatches.concatenate(BrownCorpus.load().documents(split).stream().map(d -> bpe.encode(BrownTasks.text(d)))
                .toList(), bpe.endOfText());
    }

    /** Review sentences, each followed by {@code <|endoftext|>} and cut to the context. */
    private static List<int[]> reviews(ByteLevelBpe bpe, Split split, int n, int max) {
        List<int[]> out = new ArrayList<>();
        for (SentimentSentences.Sentence x : SentimentSentences.load().examples(split)) {
            int[] ids = bpe.encode(x.text());
            int[] seq = java.util.Arrays.copyOf(ids, Math.min(max, ids.length + 1));
            seq[seq.length - 1] = seq.length == ids.length + 1 ? bpe.endOfText() : seq[seq.length - 1];
            if (seq.length >= 2 && out.size() < n) {
                out.add(seq);
            }
        }
        return out;
    }

    private static String range(double lo, double hi) {
        return String.format(Locale.ROOT, "%.1f–%.1f", Math.exp(lo), Math.exp(hi));
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static double mean(double[] v) {
        return java.util.Arrays.stream(v).average().orElse(Double.NaN);
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElse(Double.NaN);
    }
}
