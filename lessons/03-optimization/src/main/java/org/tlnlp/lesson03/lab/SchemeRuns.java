package org.tlnlp.lesson03.lab;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.tlnlp.analysis.Metrics;
import org.tlnlp.analysis.TestAccuracy;
import org.tlnlp.data.SentencePairs;
import org.tlnlp.data.SentimentSentences;
import org.tlnlp.data.Split;
import org.tlnlp.engine.Rng;
import org.tlnlp.models.bert.BertClassifier;
import org.tlnlp.models.bert.BertInput;
import org.tlnlp.models.bert.BertPretraining;
import org.tlnlp.models.bert.ClassificationBatches;
import org.tlnlp.models.bert.MaskedLmScore;
import org.tlnlp.models.bert.MlmNspBatch;
import org.tlnlp.text.BertTokenizer;
import org.tlnlp.train.BatchSource;
import org.tlnlp.train.Fisher;
import org.tlnlp.train.History;
import org.tlnlp.train.WeightAnchor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Part 2 of lab 03: every scheme fine-tunes a copy of the pre-trained small BERT on sentiment, with several seeds;
 * each run is scored on the sentiment test sentences and on the masked LM of held-out Brown (the same masks for
 * every run), and the first seed of each scheme also records its learning curves and how its layers moved.
 */
public final class SchemeRuns {

    /** The masks of the held-out masked-LM score: one seed for every model, so all are scored on the same tokens. */
    static final long MASK_SEED = 2018;

    private SchemeRuns() {
    }

    /** One fine-tuning run. */
    public record Run(int[] predictions, MaskedLmScore after, double[] distance, double[] cka, History history, double seconds) {
    }

    /** Every run, and what they are compared with. */
    public record Result(MaskedLmScore before, double curveBefore, Map<Scheme, List<Run>> runs, Map<Scheme, TestAccuracy> accuracy, int[] gold,
                  int trainSize, double fisherSeconds, double[] fisherByDepth) {
    }

    /** The sentiment sentences of a split, encoded (at most {@code n}, shuffled by {@code random} when given). */
    static ClassificationBatches sentiment(BertTokenizer tokenizer, Split split, int n, int maxLength, int batch,
                                           Random random, Rng order) {
        List<SentimentSentences.Sentence> s = new ArrayList<>(SentimentSentences.load().examples(split));
        if (random != null) {
            Collections.shuffle(s, random);
        }
        s = s.subList(0, Math.min(n, s.size()));
        return new ClassificationBatches(s.stream().map(x -> tokenizer.encode(x.text(), null, maxLength)).toList(),
                s.stream().mapToInt(SentimentSentences.Sentence::label).toArray(), batch,
                tokenizer.id(BertTokenizer.PAD), order);
    }

    /** Single-pair masked-LM batches of Brown's training documents: the examples of the masked LM's Fisher. */
    public static BatchSource<MlmNspBatch> mlmExamples(BertTokenizer tokenizer, int n, int maxLength) {
        List<SentencePairs.Pair> pairs = SmallBert.heldOut(Split.TRAIN, n);
        return BatchSource.of(pairs.size(), (m, i) -> MlmNspBatch.of(m, List.of(pairs.get(i)), tokenizer, maxLength,
                new Random(MASK_SEED + i)));
    }

    public static Result run(NDManager manager, SmallBert.Pretrained pre, OptimizationSettings s, Rng rng) {
        BertTokenizer tok = pre.tokenizer();
        ClassificationBatches train = sentiment(tok, Split.TRAIN, s.trainSentences(), s.sentenceLength(), s.batch(),
                rng.random(), new Rng(0));
        ClassificationBatches validation = sentiment(tok, Split.VALIDATION, Integer.MAX_VALUE, s.sentenceLength(),
                s.batch(), null, new Rng(0));
        ClassificationBatches test = sentiment(tok, Split.TEST, Integer.MAX_VALUE, s.sentenceLength(), s.batch(), null,
                new Rng(0));
        List<SentencePairs.Pair> held = SmallBert.heldOut(Split.TEST, s.heldPairs());
        List<SentencePairs.Pair> curveHeld = held.subList(0, Math.min(64, held.size()));
        MaskedLmScore before = MaskedLmScore.of(pre.model(), manager, held, tok, s.pairLength(), 64, MASK_SEED);
        double curveBefore = MaskedLmScore.of(pre.model(), manager, curveHeld, tok, s.pairLength(), 64, MASK_SEED).loss();
        BertInput ckaInput = LayerChanges.sentences(manager, tok, s.ckaSentences(), s.pairLength());
        List<NDArray> preStates = LayerChanges.states(pre.model().bert(), manager, ckaInput);
        long t0 = System.nanoTime();
        Fisher raw = Yours.fisher(pre.model(), mlmExamples(tok, s.fisherExamples(), s.pairLength()), SmallBert::encoder);
        double fisherSeconds = (System.nanoTime() - t0) / 1e9;
        double[] fisherByDepth = raw.meanByDepth(pre.model());
        Map<Scheme, List<Run>> runs = new EnumMap<>(Scheme.class);
        Map<Scheme, TestAccuracy> accuracy = new EnumMap<>(Scheme.class);
        try (Fisher fisher = raw.scaled(1 / raw.mean());
             WeightAnchor pretrained = WeightAnchor.of(pre.model().namedParameters(), SmallBert::encoder)) {
            raw.close();
            Scheme.Context context = new Scheme.Context(s, s.epochs(), fisher, SmallBert::encoder);
            for (Scheme scheme : Scheme.values()) {
                TestAccuracy a = TestAccuracy.of(test.labels());
                List<Run> list = new ArrayList<>();
                for (int seed = 0; seed < s.seeds(); seed++) {
                    Rng r = rng.split("seed " + seed); // the same head, batches and dropout draws for every scheme
                    long start = System.nanoTime();
                    try (NDManager m = manager.newSubManager()) {
                        BertPretraining model = SmallBert.copy(pre.model(), m);
                        r.seedEngine();
                        BertClassifier clf = new BertClassifier(model.bert(), 2, BertClassifier.Pooling.MEAN);
                        clf.initialize(m);
                        boolean first = seed == 0;
                        History h = scheme.train(clf, train.withBatchSize(s.batch(), r), context, !first ? null
                                : epoch -> Map.of("validation_accuracy", Metrics.accuracy(validation.labels(),
                                        clf.predict(m, validation, 64)), "mlm_loss", MaskedLmScore.of(model, m, curveHeld,
                                        tok, s.pairLength(), 64, MASK_SEED).loss()),
                                scheme.label.length() > 14 ? scheme.label.substring(0, 14) : scheme.label);
                        int[] predicted = clf.predict(m, test, 64);
                        a.add(predicted);
                        MaskedLmScore after = MaskedLmScore.of(model, m, held, tok, s.pairLength(), 64, MASK_SEED);
                        double[] distance = java.util.Arrays.copyOf(pretrained.relativeDistanceByDepth(clf), s.layers() + 1);
                        double[] cka = first ? LayerChanges.ckaToPretrained(preStates, model.bert(), ckaInput) : null;
                        double seconds = (System.nanoTime() - start) / 1e9;
                        list.add(new Run(predicted, after, distance, cka, first ? h : null, seconds));
                        System.out.printf(Locale.ROOT, "  %-26s seed %d  accuracy %.3f  masked-LM loss %.3f -> %.3f (%.0f s)%n",
                                scheme.label, seed, Metrics.accuracy(test.labels(), predicted), before.loss(), after.loss(),
                                seconds);
                    }
                }
                runs.put(scheme, list);
                accuracy.put(scheme, a);
            }
        }
        return new Result(before, curveBefore, runs, accuracy, test.labels(), train.size(), fisherSeconds, fisherByDepth);
    }
}
