package org.tlnlp.lesson01.lab;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.tlnlp.analysis.LinearProbe;
import org.tlnlp.analysis.SharedSpace;
import org.tlnlp.analysis.TestAccuracy;
import org.tlnlp.data.BrownCorpus;
import org.tlnlp.data.Passages;
import org.tlnlp.data.Split;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.lab.Settings;
import org.tlnlp.nn.HostArrays;
import org.tlnlp.plot.Tables;
import org.tlnlp.text.BagOfWords;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Part 2 of lab 01: a classifier trained on a source domain and tested on a target domain, with and without a
 * shared low-dimensional space learned from both domains' unlabelled text; each method over several seeds.
 */
public final class DomainAdaptation {

    /**
     * The task: is a passage informative prose (label 0) or imaginative prose (label 1), Brown's own top-level
     * division. Source and target domains use different genres for each label.
     */
    public static final List<String> SOURCE_INFORMATIVE = List.of("news", "editorial", "reviews");
    public static final List<String> SOURCE_IMAGINATIVE = List.of("romance", "adventure");
    public static final List<String> TARGET_INFORMATIVE = List.of("learned", "government", "hobbies");
    public static final List<String> TARGET_IMAGINATIVE = List.of("mystery", "science_fiction", "fiction");

    private DomainAdaptation() {
    }

    /**
     * Content words only: common nouns, verbs (not the auxiliaries be/do/have) and adjectives. Function
     * words and punctuation are the same in every genre and would carry the classifier across domains by
     * themselves; content words are where genres differ, which is what domain adaptation is about.
     */
    static boolean contentTag(String tag) {
        return (tag.startsWith("nn") || tag.startsWith("vb") || tag.startsWith("jj")) && !tag.contains("+");
    }

    /** Passages and labels of one domain and split. */
    record Examples(List<List<String>> texts, int[] labels) {

        static Examples of(BrownCorpus brown, Split split, List<String> informative, List<String> imaginative,
                           int sentences) {
            List<List<String>> texts = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            for (Passages.Passage p : Passages.of(brown.documents(split, informative.toArray(String[]::new)), sentences)) {
                texts.add(p.words(DomainAdaptation::contentTag));
                labels.add(0);
            }
            for (Passages.Passage p : Passages.of(brown.documents(split, imaginative.toArray(String[]::new)), sentences)) {
                texts.add(p.words(DomainAdaptation::contentTag));
                labels.add(1);
            }
            return new Examples(texts, labels.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    /**
     * Part 2's results: the accuracy table (each method's mean over seeds, with intervals), the paired comparisons
     * with no adaptation as sentences that claim only what their intervals support, the first seed's training
     * loss of each source classifier (x = step, y = loss), and the number of passages in each part.
     */
    public record Result(Table accuracy, List<String> comparisons, Map<String, double[][]> trainingLoss,
                             String passages) {
    }

    /** One method's accuracies over seeds on the source's and the target's test passages. */
    private record Method(String name, TestAccuracy source, TestAccuracy target) {
    }

    /** Trains and tests every method of part 2, once per seed. */
    public static Result run(BrownCorpus brown, TransferSettings s, Rng rng) {
        int n = s.sentencesPerPassage();
        Examples srcTrain = Examples.of(brown, Split.TRAIN, SOURCE_INFORMATIVE, SOURCE_IMAGINATIVE, n);
        Examples srcTest = Examples.of(brown, Split.TEST, SOURCE_INFORMATIVE, SOURCE_IMAGINATIVE, n);
        Examples tgtTrain = Examples.of(brown, Split.TRAIN, TARGET_INFORMATIVE, TARGET_IMAGINATIVE, n);
        Examples tgtTest = Examples.of(brown, Split.TEST, TARGET_INFORMATIVE, TARGET_IMAGINATIVE, n);
        String passages = String.format(Locale.ROOT, "source train %d, source test %d, target train %d "
                        + "(unlabelled for adaptation), target test %d", srcTrain.labels().length,
                srcTest.labels().length, tgtTrain.labels().length, tgtTest.labels().length);

        List<List<String>> both = new ArrayList<>(srcTrain.texts());
        both.addAll(tgtTrain.texts());
        BagOfWords bow = BagOfWords.fit(both, s.vocabulary());
        float[][] xs = bow.matrix(srcTrain.texts());
        float[][] xsTest = bow.matrix(srcTest.texts());
        float[][] xt = bow.matrix(tgtTrain.texts());
        float[][] xtTest = bow.matrix(tgtTest.texts());
        LinearProbe.Settings probe = Settings.of(LinearProbe.Settings.class, "epochs", s.epochs(), "batchSize", 32,
                "learningRate", 0.02, "weightDecay", 1e-4);

        int[] ys = srcTest.labels();
        int[] yt = tgtTest.labels();
        List<Method> methods = List.of(
                new Method("bag of words (no adaptation)", TestAccuracy.of(ys), TestAccuracy.of(yt)),
                new Method("shared space (k=" + s.dimensions() + ")", TestAccuracy.of(ys), TestAccuracy.of(yt)),
                new Method("shared space + per-domain standardisation", TestAccuracy.of(ys), TestAccuracy.of(yt)),
                new Method("shared space + CORAL", null, TestAccuracy.of(yt)),
                new Method("reference: trained on target labels", TestAccuracy.of(ys), TestAccuracy.of(yt)));
        Map<String, double[][]> curves = new LinkedHashMap<>();
        for (int seed = 0; seed < s.seeds(); seed++) {
            Rng r = rng.split("seed" + seed);
            boolean first = seed == 0;
            // No adaptation: bag of words, trained on the source.
            try (LinearProbe p = LinearProbe.train(xs, srcTrain.labels(), 2, probe, r.split("bow"), "bag of words")) {
                record(methods.get(0), p.predict(xsTest), p.predict(xtTest));
                keep(curves, first, "bag of words", p);
            }
            try (NDManager m = Engines.newManager()) {
                NDArray s0 = HostArrays.matrix(m, xs);
                NDArray t0 = HostArrays.matrix(m, xt);
                try (SharedSpace space = SharedSpace.fit(s0, t0, s.dimensions(), r.split("space"))) {
                    NDArray zs = Yours.project(space, s0);
                    NDArray zsTest = Yours.project(space, HostArrays.matrix(m, xsTest));
                    NDArray zt = Yours.project(space, t0);
                    NDArray ztTest = Yours.project(space, HostArrays.matrix(m, xtTest));
                    try (LinearProbe p = LinearProbe.train(HostArrays.rows(zs), srcTrain.labels(), 2, probe,
                            r.split("shared"), "shared space")) {
                        record(methods.get(1), p.predict(HostArrays.rows(zsTest)), p.predict(HostArrays.rows(ztTest)));
                        keep(curves, first, "shared space", p);
                    }
                    // Per-domain standardisation: each domain on its own statistics (test rows use their domain's).
                    float[][] srcStd = HostArrays.rows(Yours.standardize(zs.concat(zsTest, 0), 1e-6f));
                    float[][] tgtStd = HostArrays.rows(Yours.standardize(zt.concat(ztTest, 0), 1e-6f));
                    float[][] zsStd = Arrays.copyOfRange(srcStd, 0, xs.length);
                    float[][] zsTestStd = Arrays.copyOfRange(srcStd, xs.length, srcStd.length);
                    float[][] ztTestStd = Arrays.copyOfRange(tgtStd, xt.length, tgtStd.length);
                    try (LinearProbe p = LinearProbe.train(zsStd, srcTrain.labels(), 2, probe, r.split("standardised"),
                            "standardised")) {
                        record(methods.get(2), p.predict(zsTestStd), p.predict(ztTestStd));
                        keep(curves, first, "standardised", p);
                    }
                    // CORAL: the source recoloured to the target's covariance; its source accuracy is not defined.
                    NDArray aligned = SharedSpace.coral(zs, zt, 1.0);
                    try (LinearProbe p = LinearProbe.train(HostArrays.rows(aligned), srcTrain.labels(), 2, probe,
                            r.split("coral"), "CORAL")) {
                        record(methods.get(3), null, p.predict(HostArrays.rows(ztTest)));
                        keep(curves, first, "CORAL", p);
                    }
                }
            }
            // For reference, what labelled target data would buy: trained on the target itself.
            try (LinearProbe p = LinearProbe.train(xt, tgtTrain.labels(), 2, probe, r.split("oracle"), "target-trained")) {
                record(methods.get(4), p.predict(xsTest), p.predict(xtTest));
            }
        }
        Table table = Table.create("Accuracy on the source's and the target's test passages (mean over "
                + s.seeds() + " seeds)", StringColumn.create("method", methods.stream().map(Method::name).toList()));
        Tables.addAccuracy(table, "source_accuracy", methods.stream().map(Method::source).toList());
        Tables.addAccuracy(table, "target_accuracy", methods.stream().map(Method::target).toList());
        TestAccuracy baseline = methods.get(0).target();
        List<String> comparisons = methods.stream().skip(1)
                .map(x -> x.target().minus(baseline, rng.split("compare " + x.name()))
                        .sentence(x.name(), "no adaptation"))
                .toList();
        return new Result(table, comparisons, curves, passages);
    }

    /** Adds one seed's predictions on the source and target test passages ({@code source} may be null). */
    private static void record(Method method, int[] source, int[] target) {
        if (source != null) {
            method.source().add(source);
        }
        method.target().add(target);
        System.out.printf(Locale.ROOT, "  %-45s target %.3f%n", method.name(), method.target().perSeed()[
                method.target().seeds() - 1]);
    }

    private static void keep(Map<String, double[][]> curves, boolean first, String name, LinearProbe p) {
        if (first) {
            curves.put(name, p.history().xy("train_loss"));
        }
    }
}
