package org.tlnlp.lesson07.lab;

import org.tlnlp.glue.GlueScores;
import org.tlnlp.glue.GlueTask;
import org.tlnlp.glue.TaskFormat;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** GLUE itself: its tasks as the library knows them, and published results to set the leaderboard's scale. */
public final class Published {

    private Published() {
    }

    /** The nine tasks and the diagnostic set: what each asks, its files, labels, metrics, submission files. */
    public static Table tasks() {
        List<String> name = new ArrayList<>();
        List<String> input = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<String> metrics = new ArrayList<>();
        List<String> files = new ArrayList<>();
        List<String> submission = new ArrayList<>();
        for (GlueTask t : GlueTask.values()) {
            TaskFormat f = t.format();
            name.add(f.name());
            input.add(f.spec().pair() ? "pair" : "single");
            labels.add(f.spec().isRegression() ? "score 0–5" : String.join(", ", f.spec().labels()));
            metrics.add(String.join(" + ", f.spec().metrics().stream().map(m -> m.label()).toList()));
            List<String> fs = new ArrayList<>();
            if (f.train() != null) {
                fs.add(f.train().file());
            }
            f.dev().forEach(d -> fs.add(d.file()));
            f.test().forEach(d -> fs.add(d.file()));
            files.add(f.folder() + "/{" + String.join(", ", fs) + "}");
            submission.add(String.join(", ", f.test().stream().map(TaskFormat.File::submission).toList()));
        }
        return Table.create("GLUE's tasks as the course reads them (org.tlnlp.glue.GlueTask)",
                StringColumn.create("task", name), StringColumn.create("input", input), StringColumn.create("labels", labels),
                StringColumn.create("metrics", metrics), StringColumn.create("files", files),
                StringColumn.create("submission", submission));
    }

    /**
     * GLUE test-server rows (percent): the leaderboard as tabulated in the README of PaddlePaddle/ERNIE (ERNIE 2.0);
     * the BERT rows agree with Devlin et al. (2019), table 1. The same rows are the golden values of exercise 7.6.
     */
    public static final Map<String, Map<String, double[]>> LEADERBOARD = new LinkedHashMap<>();
    public static final Map<String, Double> SCORE = new LinkedHashMap<>();

    static {
        row("BERT-base", 78.3, 52.1, 93.5, 88.9, 84.8, 85.8, 87.1, 71.2, 89.2, 84.6, 83.4, 90.5, 66.4, 65.1, 34.2);
        row("BERT-large", 80.5, 60.5, 94.9, 89.3, 85.4, 86.5, 87.6, 72.1, 89.3, 86.7, 85.9, 92.7, 70.1, 65.1, 39.6);
    }

    private static void row(String model, double score, double... v) {
        Map<String, double[]> r = new LinkedHashMap<>();
        r.put("CoLA", new double[] {v[0]});
        r.put("SST-2", new double[] {v[1]});
        r.put("MRPC", new double[] {v[2], v[3]});
        r.put("STS-B", new double[] {v[4], v[5]});
        r.put("QQP", new double[] {v[6], v[7]});
        r.put("MNLI-m", new double[] {v[8]});
        r.put("MNLI-mm", new double[] {v[9]});
        r.put("QNLI", new double[] {v[10]});
        r.put("RTE", new double[] {v[11]});
        r.put("WNLI", new double[] {v[12]});
        r.put("AX", new double[] {v[13]});
        LEADERBOARD.put(model, r);
        SCORE.put(model, score);
    }

    /** The published rows, their published GLUE score, and the score the rule gives ({@code glueScore}). */
    public static Table leaderboard(ToDoubleFunction<Map<String, double[]>> glueScore) {
        Table t = Table.create("GLUE test server (percent)", StringColumn.create("model", List.copyOf(LEADERBOARD.keySet())));
        for (String c : GlueScores.LEADERBOARD_COLUMNS) {
            t.addColumns(StringColumn.create(c, LEADERBOARD.values().stream().map(r -> r.get(c).length == 1
                    ? String.valueOf(r.get(c)[0]) : r.get(c)[0] + "/" + r.get(c)[1]).toList()));
        }
        t.addColumns(DoubleColumn.create("published score", SCORE.values().stream().mapToDouble(Double::doubleValue)),
                DoubleColumn.create("score by the rule", LEADERBOARD.values().stream().mapToDouble(glueScore)));
        return t;
    }

    /**
     * GLUE dev results, percent (Sanh et al. 2019, "DistilBERT", table 1: BERT-base medians of five seeds; ELMo as its
     * authors reported it): the scale of a real benchmark run, on tasks unlike the suite's.
     */
    public static Table dev() {
        List<String> columns = List.of("score", "CoLA", "MNLI", "MRPC", "QNLI", "QQP", "RTE", "SST-2", "STS-B", "WNLI");
        double[][] v = {{79.5, 56.3, 86.7, 88.6, 91.8, 89.6, 69.3, 92.7, 89.0, 53.5},
                        {68.7, 44.1, 68.6, 76.6, 71.1, 86.2, 53.4, 91.5, 70.4, 56.3}};
        return org.tlnlp.plot.Tables.grid("GLUE dev sets (percent; Sanh et al. 2019, table 1)", "model",
                List.of("BERT-base", "ELMo (BiLSTM baseline + ELMo)"), columns, v);
    }
}
