package org.tlnlp.lesson07.lab;

import ai.djl.ndarray.NDManager;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.glue.GlueFiles;
import org.tlnlp.glue.GlueMetric;
import org.tlnlp.glue.Leaderboard;
import org.tlnlp.glue.OfflineSuite;
import org.tlnlp.glue.TaskData;
import org.tlnlp.lab.LabReport;
import org.tlnlp.lab.LabSize;
import org.tlnlp.models.bert.MiniLM;
import org.tlnlp.text.BertTokenizer;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lab 07: natural language understanding. (1) GLUE as the library reads it: nine tasks, their files and metrics,
 * and the GLUE score rule checked on published rows. (2) The offline suite: real data that ships with the course,
 * in GLUE's format, written and read back. (3) The small Brown models of lessons 04 to 06, pre-trained again.
 * (4) The leaderboard: every course model on every suite task, with intervals, seeds and paired comparisons;
 * published GLUE results beside it for scale.
 *
 * <p>Run it with {@code ./course run 07-nlu [--smoke|--quick|--full]}.
 */
public final class NluLab {

    /** The seed of every random draw of the lab. */
    public static final long SEED = 7_2019L;

    public static Path run(LabSize size, Path root) throws Exception {
        NluSettings s = NluSettings.of(size);
        LabReport report = LabReport.start(root, "07-nlu", "Lab 07: natural language understanding", size, SEED, s);
        Rng rng = new Rng(SEED);
        Yours.check();

        report.heading("1. GLUE: nine tasks, each scored its own way");
        report.table(Published.tasks());
        report.text("A task's score is the mean of its metrics (MRPC: F1 and accuracy; STS-B: Pearson and Spearman; MNLI: "
                + "matched and mismatched accuracy); the GLUE score is the mean of the nine task scores, the diagnostic set "
                + "(AX) left out (Wang et al. 2019, section 3.4). The rule, applied to published rows, gives their published "
                + "scores:");
        report.table(Published.leaderboard(Yours::glueScore));

        report.heading("2. An offline suite of real tasks in GLUE's format");
        Path folder = root.resolve(".course/suite/" + size.label());
        List<TaskData> suite = new ArrayList<>();
        for (TaskData t : OfflineSuite.build(s.suite(), OfflineSuite.SEED)) {
            GlueFiles.write(folder, t);
            suite.add(GlueFiles.read(folder, t.format())); // what the leaderboard uses is what the files say
        }
        report.text("GLUE's data is in no package registry, so the course builds its own suite from data it ships, in "
                + "GLUE's files (`train.tsv`, `dev.tsv`, unlabelled `test.tsv`; the test labels apart in `test_labels.tsv`), "
                + "written to `.course/suite/" + size.label() + "` and read back from there. None of these is a GLUE task; "
                + "`./course glue .course/suite/" + size.label() + "` runs the GLUE harness on them.");
        report.table(suiteTable(suite));

        report.heading("3. The models");
        BertTokenizer tokenizer = MiniLM.tokenizer();
        try (NDManager m = Engines.newManager()) {
            SmallModels.BrownBert bert = SmallModels.bert(m, tokenizer, s, rng.split("bert"));
            SmallModels.BrownGpt2 gpt2 = SmallModels.gpt2(m, s, rng.split("gpt2"));
            SmallModels.BrownElmo elmo = SmallModels.elmo(m, s, rng.split("elmo"));
            report.text("MiniLM (all-MiniLM-L6-v2: 6 layers, width 384) was pre-trained by others on far more text than "
                    + "Brown and then trained on a billion sentence pairs as a sentence encoder. The three small models were "
                    + "pre-trained here on Brown's training documents with their own objectives, as lessons 04 to 06 do, "
                    + "smaller and shorter (training loss at the first and the last step):\n\n| model | steps | seconds | "
                    + "first loss | last loss |\n|---|---:|---:|---:|---:|\n" + bert.run().line() + "\n" + gpt2.run().line()
                    + "\n" + elmo.run().line());
            List<Contender> contenders = new ArrayList<>(List.of(Contender.majority(), Contender.bagOfWords(s),
                    new ElmoContender(elmo.elmo(), s), BertContenders.brownBert(bert.bert(), tokenizer, s),
                    BertContenders.miniLm(s), Gpt2Contenders.zeroShot(gpt2.model(), gpt2.bpe()),
                    Gpt2Contenders.fineTuned(gpt2.model(), gpt2.bpe(), s)));
            if (size == LabSize.FULL) {
                contenders.add(BertContenders.bertBase(s));
            }

            report.heading("4. The leaderboard");
            Board board = leaderboard(suite, contenders, rng.split("leaderboard"));
            Leaderboard l = board.board();
            report.text("Every method is trained on each task's " + s.train() + " training examples and scored on its test "
                    + "examples (n in the column names), " + s.seeds() + " seeds for every method that has randomness. A cell "
                    + "is the task score (the mean of the task's metrics) averaged over seeds, with its 95% interval over the "
                    + "test items: Wilson's for accuracy, the percentile bootstrap of the seed-averaged score for F1 and Matthews correlation. "
                    + "The average's interval combines the tasks' as independent errors. "
                    + (size == LabSize.FULL ? "BERT-base uncased is the last row."
                    : "BERT-base uncased is a row of the full size only: at about eight times MiniLM's work per word piece it "
                    + "does not fit this size's time on two cores."));
            report.table(l.table("Test scores on the offline suite (task score [95% interval])"));
            report.figure("leaderboard", l.figure("Offline suite: task scores on the test sets"));
            report.text("Paired comparisons (the same test items resampled for both methods; a difference is claimed only "
                    + "when its 95% interval leaves out zero):\n\n" + String.join("\n", comparisons(l).stream()
                    .map(x -> "- " + x).toList()));
            report.table(l.details("Every metric of every method (mean over seeds)"));
            report.table(board.times());
        }

        report.heading("5. For scale: BERT-base on GLUE itself");
        report.text("Published BERT-base results on GLUE's own dev sets (fine-tuned on each task's full training set, "
                + "thousands to hundreds of thousands of examples, on GPUs). They are a different benchmark from the suite "
                + "above, so no cell of one compares with a cell of the other; they show what the leaderboard's best rows "
                + "reach at scale, and that ELMo's frozen features trail fine-tuned BERT there too.");
        report.table(Published.dev());
        report.provenance("process CPU time", cpuTime());
        report.provenance("PyTorch threads", System.getProperty("ai.djl.pytorch.num_threads", "libtorch's default"));
        return report.write();
    }

    public static Table suiteTable(List<TaskData> suite) {
        return Table.create("The offline suite", StringColumn.create("task", suite.stream().map(TaskData::name).toList()),
                StringColumn.create("labels", suite.stream().map(t -> String.join(", ", t.spec().labels())).toList()),
                StringColumn.create("metrics", suite.stream().map(t -> String.join(" + ", t.spec().metrics().stream()
                        .map(GlueMetric::label).toList())).toList()),
                IntColumn.create("train", suite.stream().mapToInt(t -> t.train().size()).toArray()),
                IntColumn.create("test", suite.stream().mapToInt(t -> t.onlyTest().size()).toArray()),
                StringColumn.create("how it was made", suite.stream().map(t -> t.spec().description()).toList()));
    }

    /** The leaderboard and how long each method took per run (one task, one seed). */
    public record Board(Leaderboard board, Table times) {
    }

    /** Every contender on every task, each over its seeds. */
    public static Board leaderboard(List<TaskData> suite, List<Contender> contenders, Rng rng) throws Exception {
        Leaderboard board = new Leaderboard(suite, Yours.metrics(), rng.split("intervals"));
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (Contender c : contenders) {
            long t0 = System.nanoTime();
            for (TaskData task : suite) {
                for (int seed = 0; seed < c.seeds(); seed++) {
                    board.add(c.name(), task.name(), c.run(task, rng.split(c.name() + "|" + task.name() + "|" + seed)));
                }
                System.out.printf(Locale.ROOT, "  %-52s %-12s %s%n", c.name(), task.name(),
                        board.taskScore(c.name(), task.name()).cell());
            }
            seconds.put(c.name(), (System.nanoTime() - t0) / 1e9 / (suite.size() * c.seeds()));
        }
        Table times = Table.create("Seconds per run (one task, one seed: training and predicting the test set)",
                StringColumn.create("method", List.copyOf(seconds.keySet())),
                DoubleColumn.create("seconds_per_run", seconds.values().stream().mapToDouble(v -> Math.round(v * 10) / 10.0)));
        return new Board(board, times);
    }

    /** The comparisons the leaderboard is read for. */
    public static List<String> comparisons(Leaderboard l) {
        List<String> out = new ArrayList<>();
        String[][] pairs = {{"MiniLM, fine-tuned", "small Brown BERT, fine-tuned"},
                {"small Brown BERT, fine-tuned", "bag of words + logistic regression"},
                {"small Brown ELMo, frozen, scalar mix", "bag of words + logistic regression"},
                {"small Brown GPT-2, fine-tuned (LM on \"text = label\")", "small Brown GPT-2, zero-shot (LM scoring)"},
                {"MiniLM, fine-tuned", "bag of words + logistic regression"}};
        for (String[] p : pairs) {
            out.add(l.compare(p[0], p[1], null));
        }
        out.add(l.compare("small Brown BERT, fine-tuned", "MiniLM, fine-tuned", "BrownNext"));
        return out;
    }

    /**
     * The JVM's CPU time so far: on a machine shared with other work the wall time says little, and CPU time divided by
     * the cores (with some loss to parallel inefficiency) estimates the wall time on an idle one.
     */
    static String cpuTime() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return String.format(Locale.ROOT, "%.0f s on %d cores", sun.getProcessCpuTime() / 1e9,
                    Runtime.getRuntime().availableProcessors());
        }
        return "not available";
    }

    /**
     * {@code ./course run} starts here: the leaderboard ({@code results/07-nlu.md}), then the layer-evolution part
     * ({@link LayerEvolution}, {@code results/07-nlu-layers.md}); {@code TLNLP_PART=leaderboard} or
     * {@code TLNLP_PART=layers} runs one of them. The reports' paths are the last lines printed.
     */
    public static void main(String[] args) throws Exception {
        String part = System.getenv().getOrDefault("TLNLP_PART", "all");
        if (!List.of("all", "leaderboard", "layers").contains(part)) {
            throw new IllegalArgumentException("TLNLP_PART is '" + part + "': all, leaderboard or layers");
        }
        LabSize size = LabSize.current(args);
        if (!part.equals("layers")) {
            System.out.println("Report: " + run(size, LabReport.repositoryRoot()));
        }
        if (!part.equals("leaderboard")) {
            System.out.println("Report: " + LayerEvolution.run(size, LabReport.repositoryRoot()));
        }
    }

    private NluLab() {
    }
}
