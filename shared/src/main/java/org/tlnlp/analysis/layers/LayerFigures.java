package org.tlnlp.analysis.layers;

import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.tlnlp.analysis.TestAccuracy;
import org.tlnlp.plot.Figures;
import org.tlnlp.plot.Tables;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tables and figures of the layer analyses, the same in every lab and notebook: per-layer curves against the
 * layer's number (0 = embeddings), tables with one row per layer, and CKA heat maps.
 */
public final class LayerFigures {

    private LayerFigures() {
    }

    /** The layer numbers 0..n−1 as a figure's x values. */
    public static double[] layerAxis(int n) {
        return Figures.range(n);
    }

    /** A line per named curve against the layer number. */
    public static XYChart curves(String title, String yLabel, Map<String, double[]> curves) {
        Map<String, double[][]> series = new LinkedHashMap<>();
        curves.forEach((name, v) -> series.put(name, new double[][] {layerAxis(v.length), v}));
        return Figures.line(title, "layer (0 = embeddings)", yLabel, series);
    }

    /** An experiment's MI curves, and each one's chance level as a dashed companion named "... (chance)". */
    public static Map<String, double[]> withChance(String prefix, LayerMutualInformation.Result r) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (LayerMutualInformation.Curve c : r.curves()) {
            out.put(prefix + c.label(), c.nats());
        }
        for (LayerMutualInformation.Curve c : r.curves()) {
            out.put(prefix + c.label() + " (chance)", c.chance());
        }
        return out;
    }

    /** One row per layer: each curve's MI and chance level, in nats; the title gives the selection and ceilings. */
    public static Table mutualInformation(String title, LayerMutualInformation.Result r) {
        Table t = Table.create(String.format(Locale.ROOT, "%s (nats; %,d occurrences of the %d most frequent values, "
                        + "%d clusters per layer; ceiling %s)", title, r.rows(), r.types(), r.k(),
                String.join(", ", r.curves().stream().map(c -> String.format(Locale.ROOT, "H(%s) = %.2f", c.label(),
                        c.ceiling())).toList())), StringColumn.create("layer", r.layers()));
        for (LayerMutualInformation.Curve c : r.curves()) {
            t.addColumns(DoubleColumn.create(column(c.label()), c.nats()),
                    DoubleColumn.create(column(c.label()) + "_chance", c.chance()));
        }
        return t;
    }

    /** One row per layer (and a last row for the scalar mix): each task's probe accuracy with its interval. */
    public static Table probes(String title, List<LayerProbes.Scores> tasks) {
        List<String> rows = new ArrayList<>(tasks.get(0).layers());
        rows.add("scalar mix of all layers");
        Table t = Table.create(title, StringColumn.create("layer", rows));
        for (LayerProbes.Scores s : tasks) {
            List<TestAccuracy> cells = new ArrayList<>(s.perLayer());
            cells.add(s.mix());
            Tables.addAccuracy(t, column(s.task()), cells);
        }
        return t;
    }

    /** Each task's learned mix weights per layer, its γ and its expected layer. */
    public static Table mixes(String title, List<LayerProbes.Scores> tasks) {
        List<String> columns = new ArrayList<>(tasks.get(0).layers().stream().map(l -> "s(" + l + ")").toList());
        columns.add("gamma");
        columns.add("expected_layer");
        double[][] v = new double[tasks.size()][];
        for (int i = 0; i < tasks.size(); i++) {
            LayerProbes.Scores s = tasks.get(i);
            double[] row = java.util.Arrays.copyOf(s.mixWeights(), s.mixWeights().length + 2);
            row[row.length - 2] = s.gamma();
            row[row.length - 1] = s.expectedLayer();
            v[i] = row;
        }
        return Tables.grid(title, "task", tasks.stream().map(LayerProbes.Scores::task).toList(), columns, v);
    }

    /** Probe accuracy per layer, one line per task. */
    public static XYChart probeFigure(String title, List<LayerProbes.Scores> tasks) {
        Map<String, double[]> c = new LinkedHashMap<>();
        tasks.forEach(s -> c.put(s.task(), s.means()));
        return curves(title, "probe accuracy (test)", c);
    }

    /** A layer × layer CKA heat map. */
    public static HeatMapChart cka(String title, List<String> rows, List<String> columns, double[][] values) {
        return Figures.heatmap(title, shortNames(columns), shortNames(rows), values);
    }

    /** A table of one value per layer for several named series (e.g. CKA between seeds, per layer). */
    public static Table perLayer(String title, List<String> layers, Map<String, double[]> series) {
        Table t = Table.create(title, StringColumn.create("layer", layers));
        series.forEach((name, v) -> t.addColumns(DoubleColumn.create(column(name), v)));
        return t;
    }

    /** "embeddings", "layer 1", ... as "emb", "1", ... for crowded axes. */
    static List<String> shortNames(List<String> names) {
        return names.stream().map(n -> n.equals("embeddings") ? "emb" : n.startsWith("layer ") ? n.substring(6) : n).toList();
    }

    /** A label as a column name: spaces and punctuation to underscores. */
    static String column(String label) {
        return label.replaceAll("[^A-Za-z0-9]+", "_").replaceAll("^_|_$", "");
    }
}
