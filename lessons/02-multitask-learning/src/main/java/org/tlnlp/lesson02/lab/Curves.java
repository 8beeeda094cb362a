package org.tlnlp.lesson02.lab;

import org.knowm.xchart.XYChart;
import org.tlnlp.multitask.Task;
import org.tlnlp.plot.Figures;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Part 3's figures and table, from the watched runs (mean over seeds): every task's held-out accuracy as training
 * goes on, each task's σ, and the cosine between the target's gradient and each auxiliary task's on the shared layer.
 */
public final class Curves {

    private Curves() {
    }

    public static final List<Task> ALL = List.of(Tasks.SENTIMENT, Tasks.POS, Tasks.GENRE, Tasks.SPAM);

    /** Held-out accuracy of every task of the multitask runs, and of the target trained alone. */
    public static XYChart learning(List<Runs.Run> multi, List<Runs.Run> single, String title) {
        Map<String, double[][]> series = new LinkedHashMap<>();
        for (Task t : ALL) {
            series.put(t.name() + " (multitask)", Runs.mean(multi, "dev_" + t.name()));
        }
        series.put("sentiment (single-task)", Runs.mean(single, "dev_" + Tasks.SENTIMENT.name()));
        return Figures.line(title, "step", "held-out accuracy", series);
    }

    /** σ of every task as training goes on. */
    public static XYChart sigmas(List<Runs.Run> multi, String title) {
        Map<String, double[][]> series = new LinkedHashMap<>();
        for (Task t : ALL) {
            series.put("σ " + t.name(), Runs.mean(multi, "sigma_" + t.name()));
        }
        return Figures.line(title, "step", "σ (weight 1/(2σ²))", series);
    }

    /** The cosine of the target's gradient with each auxiliary task's, as training goes on. */
    public static XYChart conflict(Map<String, List<Runs.Run>> runs, List<String> others, String title) {
        Map<String, double[][]> series = new LinkedHashMap<>();
        runs.forEach((label, r) -> others.forEach(o -> {
            if (!Double.isNaN(r.get(0).history().last("cos_" + o))) {
                series.put(label + ": sentiment · " + o, Runs.mean(r, "cos_" + o));
            }
        }));
        XYChart c = Figures.line(title, "step", "cosine of the task gradients", series);
        double[][] any = series.values().iterator().next();
        c.addSeries("0 (unrelated)", Figures.level(any, 0)[0], Figures.level(any, 0)[1]);
        return c;
    }

    /**
     * The learned σ at the end against each task's training loss then: σ² settles near the loss, where the
     * gradient of the weighted loss with respect to log σ (exercise 2.4) is zero.
     */
    public static Table sigmaTable(List<Runs.Run> multi) {
        List<String> names = new ArrayList<>();
        DoubleColumn sigma = DoubleColumn.create("sigma");
        DoubleColumn weight = DoubleColumn.create("weight_1_over_2sigma2");
        DoubleColumn loss = DoubleColumn.create("training_loss");
        DoubleColumn gradient = DoubleColumn.create("d_loss_d_log_sigma");
        for (Task t : ALL) {
            double sd = Runs.last(multi, "sigma_" + t.name());
            double l = Runs.last(multi, "loss_" + t.name());
            names.add(t.name());
            sigma.append(sd);
            weight.append(1 / (2 * sd * sd));
            loss.append(l);
            gradient.append(Yours.gradient(new double[] {l}, new double[] {Math.log(sd)})[0]);
        }
        return Table.create("Learned σ per task at the end (mean over seeds), and the task's training loss then",
                StringColumn.create("task", names), sigma, weight, loss, gradient);
    }
}
