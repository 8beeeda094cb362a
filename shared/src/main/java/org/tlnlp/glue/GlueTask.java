package org.tlnlp.glue;

import org.tlnlp.glue.TaskFormat.Column;
import org.tlnlp.glue.TaskFormat.File;
import org.tlnlp.glue.TaskFormat.Layout;

import java.util.List;

import static org.tlnlp.glue.GlueMetric.ACCURACY;
import static org.tlnlp.glue.GlueMetric.F1;
import static org.tlnlp.glue.GlueMetric.MATTHEWS;
import static org.tlnlp.glue.GlueMetric.PEARSON;
import static org.tlnlp.glue.GlueMetric.SPEARMAN;

/**
 * GLUE's nine tasks and its diagnostic set, as the benchmark distributes them (the folders its download script
 * makes: {@code CoLA/}, {@code SST-2/}, ..., {@code diagnostic/}), with the labels in the order Hugging Face's
 * GLUE processors give them, the official metrics (Wang et al., 2019, table 1) and the submission file names the
 * benchmark's server expects.
 *
 * <p>The quirks the layouts encode: CoLA's training and dev files have no header (source, label, the original
 * annotation, sentence); every test file is unlabelled and has an {@code index} column (QQP's is {@code id});
 * MNLI has two dev and two test sets (matched: the genres of its training data; mismatched: other genres), and its
 * dev files carry five annotators' labels before {@code gold_label}, its training file one; STS-B is a regression
 * on 0–5; the diagnostic set (AX) has only a test file, to be predicted by the MNLI model. Columns are found by
 * their header names, never by position, except in CoLA's header-less files.
 */
public enum GlueTask {

    COLA(TaskSpec.classification("CoLA", List.of("0", "1"), List.of(MATTHEWS), false,
            "Corpus of Linguistic Acceptability: is the sentence grammatical English? (1 = acceptable)"),
            "CoLA", new Layout(false, null, Column.at(3), null, Column.at(1)),
            new Layout(true, Column.named("index"), Column.named("sentence"), null, null), "CoLA.tsv"),
    SST2(TaskSpec.classification("SST-2", List.of("0", "1"), List.of(ACCURACY), false,
            "Stanford Sentiment Treebank: is the movie-review sentence positive? (1 = positive)"),
            "SST-2", new Layout(true, null, Column.named("sentence"), null, Column.named("label")),
            new Layout(true, Column.named("index"), Column.named("sentence"), null, null), "SST-2.tsv"),
    MRPC(TaskSpec.classification("MRPC", List.of("0", "1"), List.of(F1, ACCURACY), true,
            "Microsoft Research Paraphrase Corpus: do the two news sentences mean the same? (1 = paraphrase)"),
            "MRPC", new Layout(true, null, Column.named("#1 String"), Column.named("#2 String"), Column.named("Quality")),
            new Layout(true, Column.named("index"), Column.named("#1 String"), Column.named("#2 String"), null), "MRPC.tsv"),
    STSB(TaskSpec.regression("STS-B", List.of(PEARSON, SPEARMAN), true, 0, 5,
            "Semantic Textual Similarity Benchmark: how similar are the two sentences, from 0 to 5?"),
            "STS-B", new Layout(true, Column.named("index"), Column.named("sentence1"), Column.named("sentence2"),
                    Column.named("score")),
            new Layout(true, Column.named("index"), Column.named("sentence1"), Column.named("sentence2"), null), "STS-B.tsv"),
    QQP(TaskSpec.classification("QQP", List.of("0", "1"), List.of(F1, ACCURACY), true,
            "Quora Question Pairs: do the two questions ask the same thing? (1 = duplicate)"),
            "QQP", new Layout(true, Column.named("id"), Column.named("question1"), Column.named("question2"),
                    Column.named("is_duplicate")),
            new Layout(true, Column.named("id"), Column.named("question1"), Column.named("question2"), null), "QQP.tsv"),
    MNLI(TaskSpec.classification("MNLI", List.of("contradiction", "entailment", "neutral"), List.of(ACCURACY), true,
            "Multi-Genre NLI: does the premise entail the hypothesis, contradict it, or neither?"),
            "MNLI", null, null, null),
    QNLI(TaskSpec.classification("QNLI", List.of("entailment", "not_entailment"), List.of(ACCURACY), true,
            "Question NLI (from SQuAD): does the sentence contain the answer to the question?"),
            "QNLI", new Layout(true, Column.named("index"), Column.named("question"), Column.named("sentence"),
                    Column.named("label")),
            new Layout(true, Column.named("index"), Column.named("question"), Column.named("sentence"), null), "QNLI.tsv"),
    RTE(TaskSpec.classification("RTE", List.of("entailment", "not_entailment"), List.of(ACCURACY), true,
            "Recognizing Textual Entailment: does the first text entail the second?"),
            "RTE", pairLayout(true), pairLayout(false), "RTE.tsv"),
    WNLI(TaskSpec.classification("WNLI", List.of("0", "1"), List.of(ACCURACY), true,
            "Winograd NLI: with the pronoun replaced, is the second sentence entailed by the first? (1 = entailed)"),
            "WNLI", pairLayout(true), pairLayout(false), "WNLI.tsv"),
    AX(TaskSpec.classification("AX", List.of("contradiction", "entailment", "neutral"), List.of(MATTHEWS), true,
            "The diagnostic set: hand-made NLI pairs, predicted by the MNLI model, scored by the 3-class Matthews "
                    + "correlation on the server; not part of the GLUE score"),
            "diagnostic", null, null, null);

    /** The tasks whose scores make the GLUE score (all but the diagnostic set). */
    public static final List<GlueTask> SCORED = List.of(COLA, SST2, MRPC, STSB, QQP, MNLI, QNLI, RTE, WNLI);

    private final TaskFormat format;

    GlueTask(TaskSpec spec, String folder, Layout labelled, Layout test, String submission) {
        this.format = switch (spec.name()) {
            case "MNLI" -> mnli(spec);
            case "AX" -> new TaskFormat(spec, folder, null, List.of(),
                    List.of(File.test("test", "diagnostic.tsv", pairLayout(false), "AX.tsv")));
            default -> new TaskFormat(spec, folder, File.labelled("train", "train.tsv", labelled),
                    List.of(File.labelled("dev", "dev.tsv", labelled)), List.of(File.test("test", "test.tsv", test, submission)));
        };
    }

    private static Layout pairLayout(boolean labelled) {
        return new Layout(true, Column.named("index"), Column.named("sentence1"), Column.named("sentence2"),
                labelled ? Column.named("label") : null);
    }

    /** MNLI: the label is {@code gold_label}, wherever it stands (after one annotator label in train, five in dev). */
    private static TaskFormat mnli(TaskSpec spec) {
        Layout labelled = new Layout(true, Column.named("index"), Column.named("sentence1"), Column.named("sentence2"),
                Column.named("gold_label"));
        Layout test = new Layout(true, Column.named("index"), Column.named("sentence1"), Column.named("sentence2"), null);
        return new TaskFormat(spec, "MNLI", File.labelled("train", "train.tsv", labelled),
                List.of(File.labelled("dev_matched", "dev_matched.tsv", labelled),
                        File.labelled("dev_mismatched", "dev_mismatched.tsv", labelled)),
                List.of(File.test("test_matched", "test_matched.tsv", test, "MNLI-m.tsv"),
                        File.test("test_mismatched", "test_mismatched.tsv", test, "MNLI-mm.tsv")));
    }

    public TaskFormat format() {
        return format;
    }

    public TaskSpec spec() {
        return format.spec();
    }

    /** The task with this name ({@code CoLA}, {@code SST-2}, ..., {@code AX}), or an error listing the names. */
    public static GlueTask named(String name) {
        for (GlueTask t : values()) {
            if (t.spec().name().equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no GLUE task '" + name + "'; the tasks are "
                + java.util.Arrays.stream(values()).map(t -> t.spec().name()).toList());
    }

    /** The formats of all ten, for {@link GlueFiles#find}. */
    public static List<TaskFormat> formats() {
        return java.util.Arrays.stream(values()).map(GlueTask::format).toList();
    }
}
