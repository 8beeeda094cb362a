package org.tlnlp.lesson01.lab;

import ai.djl.ndarray.NDManager;
import org.tlnlp.analysis.LearningCurves;
import org.tlnlp.analysis.LinearProbe;
import org.tlnlp.analysis.TestAccuracy;
import org.tlnlp.data.SentimentSentences;
import org.tlnlp.data.Split;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.models.bert.Bert;
import org.tlnlp.models.bert.BertConfig;
import org.tlnlp.models.bert.MiniLM;
import org.tlnlp.models.gpt2.Gpt2;
import org.tlnlp.plot.Tables;
import org.tlnlp.text.BertTokenizer;
import org.tlnlp.text.ByteLevelBpe;
import org.tlnlp.text.Encoding;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Part 4 of lab 01: data efficiency of a pre-trained start (ULMFiT's headline figure, Howard and Ruder 2018).
 * Sentiment accuracy against the number of labelled sentences, for frozen pre-trained encoders and the same
 * architectures randomly initialised, each with a linear classifier on top, and a bag of words trained from scratch;
 * with {@code fineTuneEpochs > 0} also MiniLM fine-tuned end to end from its pre-trained weights and from random ones.
 */
public final class DataEfficiency {

    private DataEfficiency() {
    }

    /** One method's accuracy at each number of labelled sentences (each over the seeds). */
    public record Curve(String name, boolean pretrained, List<TestAccuracy> points) {

        /** The mean accuracy over seeds at each size. */
        public double[] means() {
            return points.stream().mapToDouble(TestAccuracy::mean).toArray();
        }
    }

    /** Part 4's results: the sizes, every curve, the pool of training sentences and the test size. */
    public record Result(double[] sizes, List<Curve> curves, int pool, int test, String encoders) {
    }

    /** The features of one method for the pool of training sentences and for the test sentences. */
    private record Features(String name, boolean pretrained, float[][] pool, float[][] test) {
    }

    /** Runs part 4; {@code brownGpt2} is part 3's largest model, {@code bpe} its tokenizer. */
    public static Result run(TransferSettings s, Gpt2 brownGpt2, ByteLevelBpe bpe, Rng rng) throws Exception {
        SentimentSentences data = SentimentSentences.load();
        List<SentimentSentences.Sentence> train = new ArrayList<>(data.examples(Split.TRAIN));
        List<SentimentSentences.Sentence> test = data.examples(Split.TEST);
        int largest = s.labelCounts().get(s.labelCounts().size() - 1);
        // The pool the labelled subsets are drawn from: all training sentences, or a seeded share at smoke size.
        Collections.shuffle(train, new Random(rng.seed()));
        train = train.subList(0, Math.min(train.size(), largest + largest / 5));
        if (s.testSentences() > 0) {
            test = test.subList(0, Math.min(test.size(), s.testSentences()));
        }
        List<String> poolText = train.stream().map(SentimentSentences.Sentence::text).toList();
        List<String> testText = test.stream().map(SentimentSentences.Sentence::text).toList();
        int[] poolLabels = train.stream().mapToInt(SentimentSentences.Sentence::label).toArray();
        int[] gold = test.stream().mapToInt(SentimentSentences.Sentence::label).toArray();

        List<Features> methods = new ArrayList<>();
        BertTokenizer tok = MiniLM.tokenizer();
        List<Encoding> poolEnc = poolText.stream().map(t -> tok.encode(t, null, 64)).toList();
        List<Encoding> testEnc = testText.stream().map(t -> tok.encode(t, null, 64)).toList();
        int pad = tok.id(BertTokenizer.PAD);
        try (NDManager m = Engines.newManager()) {
            long t0 = System.nanoTime();
            Bert minilm = MiniLM.load(m);
            methods.add(new Features("MiniLM, pre-trained (frozen) + linear", true,
                    SentimentFeatures.bert(minilm, m, poolEnc, pad, 64), SentimentFeatures.bert(minilm, m, testEnc, pad, 64)));
            rng.split("random MiniLM").seedEngine();
            Bert random = Bert.create(BertConfig.miniLM(), m);
            methods.add(new Features("MiniLM architecture, random init (frozen) + linear", false,
                    SentimentFeatures.bert(random, m, poolEnc, pad, 64), SentimentFeatures.bert(random, m, testEnc, pad, 64)));
            System.out.printf(Locale.ROOT, "  MiniLM features (pre-trained and random) in %.0f s%n", (System.nanoTime() - t0) / 1e9);
        }
        try (NDManager m = Engines.newManager()) {
            methods.add(new Features("GPT-2 pre-trained on Brown, part 3 (frozen) + linear", true,
                    SentimentFeatures.gpt2(brownGpt2, m, bpe, poolText, 64),
                    SentimentFeatures.gpt2(brownGpt2, m, bpe, testText, 64)));
            rng.split("random GPT-2").seedEngine();
            Gpt2 fresh = Gpt2.create(brownGpt2.config(), m);
            methods.add(new Features("same GPT-2, random init (frozen) + linear", false,
                    SentimentFeatures.gpt2(fresh, m, bpe, poolText, 64),
                    SentimentFeatures.gpt2(fresh, m, bpe, testText, 64)));
        }
        methods.forEach(f -> SentimentFeatures.standardize(f.pool(), f.pool(), f.test()));
        float[][][] bow = SentimentFeatures.bagOfWords(poolText, List.of(poolText, testText), 2000);
        methods.add(new Features("bag of words (tf-idf) + linear, from scratch", false, bow[0], bow[1]));

        double[] sizes = s.labelCounts().stream().mapToDouble(Integer::doubleValue).toArray();
        List<Curve> curves = new ArrayList<>();
        for (Features f : methods) {
            curves.add(new Curve(f.name(), f.pretrained(), new ArrayList<>()));
        }
        if (s.fineTuneEpochs() > 0) {
            curves.add(new Curve("MiniLM, pre-trained, fine-tuned end to end", true, new ArrayList<>()));
            curves.add(new Curve("MiniLM architecture from scratch (random init, trained end to end)", false,
                    new ArrayList<>()));
        }
        for (Curve c : curves) {
            s.labelCounts().forEach(n -> c.points().add(TestAccuracy.of(gold)));
        }
        for (int seed = 0; seed < s.efficiencySeeds(); seed++) {
            Rng r = rng.split("labels seed " + seed);
            int[] order = balancedOrder(poolLabels, r.random());
            for (int k = 0; k < sizes.length; k++) {
                int[] pick = Arrays.copyOf(order, (int) sizes[k]);
                int[] y = Arrays.stream(pick).map(i -> poolLabels[i]).toArray();
                for (int j = 0; j < methods.size(); j++) {
                    Features f = methods.get(j);
                    float[][] x = Arrays.stream(pick).mapToObj(i -> f.pool()[i]).toArray(float[][]::new);
                    try (LinearProbe p = LinearProbe.train(x, y, 2, probe(x.length, s), r.split(f.name()), "n=" + x.length)) {
                        curves.get(j).points().get(k).add(p.predict(f.test()));
                    }
                }
                if (s.fineTuneEpochs() > 0) {
                    List<Encoding> enc = Arrays.stream(pick).mapToObj(poolEnc::get).toList();
                    curves.get(methods.size()).points().get(k).add(FineTuning.predict(true, enc, y, testEnc, gold, pad,
                            s.fineTuneEpochs(), r.split("fine-tune")));
                    curves.get(methods.size() + 1).points().get(k).add(FineTuning.predict(false, enc, y, testEnc, gold,
                            pad, s.fineTuneEpochs(), r.split("scratch")));
                }
                int at = k;
                int sd = seed;
                System.out.printf(Locale.ROOT, "  seed %d, %4d labels: %s%n", seed, pick.length, String.join("  ",
                        curves.stream().map(c -> String.format(Locale.ROOT, "%.3f", c.points().get(at).perSeed()[sd]))
                                .toList()));
            }
        }
        return new Result(sizes, curves, poolText.size(), gold.length, methods.size() + " feature sets");
    }

    /** Every pool index once, positives and negatives alternating (in a seeded order): each prefix is balanced. */
    static int[] balancedOrder(int[] labels, Random random) {
        List<Integer> pos = new ArrayList<>();
        List<Integer> neg = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            (labels[i] == 1 ? pos : neg).add(i);
        }
        Collections.shuffle(pos, random);
        Collections.shuffle(neg, random);
        int[] out = new int[labels.length];
        for (int i = 0, p = 0, q = 0; i < out.length; i++) {
            boolean takePos = q >= neg.size() || (p < pos.size() && i % 2 == 0);
            out[i] = takePos ? pos.get(p++) : neg.get(q++);
        }
        return out;
    }

    /** The linear classifier's settings: about {@code probeSteps} steps whatever the number of examples. */
    static LinearProbe.Settings probe(int n, TransferSettings s) {
        int batch = Math.min(n, 32);
        int perEpoch = (n + batch - 1) / batch;
        return new LinearProbe.Settings(Math.max(1, (s.probeSteps() + perEpoch - 1) / perEpoch), batch, 1e-2, 1e-4);
    }

    // ------------------------------------------------------------------ tables

    /** One row per method and number of labels: the accuracy over seeds, its interval, n and seed range. */
    public static Table table(Result r) {
        List<String> names = new ArrayList<>();
        DoubleColumn labels = DoubleColumn.create("labelled");
        List<TestAccuracy> cells = new ArrayList<>();
        for (Curve c : r.curves()) {
            for (int k = 0; k < r.sizes().length; k++) {
                names.add(c.name());
                labels.append(r.sizes()[k]);
                cells.add(c.points().get(k));
            }
        }
        Table t = Table.create("Sentiment accuracy on the fixed test split against the number of labelled sentences",
                StringColumn.create("method", names), labels);
        return Tables.addAccuracy(t, "test_accuracy", cells);
    }

    /**
     * Labels saved at equal accuracy: for each accuracy the from-scratch method reaches at one of its sizes, the
     * labels each needs to reach it (first crossing, linear in log(labels) between measured sizes).
     */
    public static Table savings(Result r, Curve pretrained, Curve scratch) {
        List<String> targets = new ArrayList<>();
        List<String> scratchNeeds = new ArrayList<>();
        List<String> pretrainedNeeds = new ArrayList<>();
        List<String> factor = new ArrayList<>();
        double largest = r.sizes()[r.sizes().length - 1];
        for (double target : scratch.means()) {
            LearningCurves.Reach a = LearningCurves.sizeToReach(r.sizes(), scratch.means(), target);
            LearningCurves.Reach b = LearningCurves.sizeToReach(r.sizes(), pretrained.means(), target);
            targets.add(String.format(Locale.ROOT, "%.3f", target));
            scratchNeeds.add(a.describe(largest));
            pretrainedNeeds.add(b.describe(largest));
            factor.add(!b.reached() || a.atMost() ? "—" : String.format(Locale.ROOT, "%s%.1f×", b.atMost() ? "≥ " : "",
                    a.size() / b.size()));
        }
        return Table.create("Labels needed for equal accuracy: " + pretrained.name() + " vs " + scratch.name(),
                StringColumn.create("accuracy", targets), StringColumn.create("labels_from_scratch", scratchNeeds),
                StringColumn.create("labels_pretrained", pretrainedNeeds), StringColumn.create("labels_saved", factor));
    }

    /** Each curve's mean accuracy against the number of labels: {x, y} series for a figure. */
    public static Map<String, double[][]> series(Result r) {
        Map<String, double[][]> out = new LinkedHashMap<>();
        r.curves().forEach(c -> out.put(c.name(), new double[][] {r.sizes(), c.means()}));
        return out;
    }
}
