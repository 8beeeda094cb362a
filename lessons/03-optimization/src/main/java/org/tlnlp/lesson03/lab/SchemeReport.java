package org.tlnlp.lesson03.lab;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.tlnlp.analysis.TestAccuracy;
import org.tlnlp.engine.Rng;
import org.tlnlp.plot.Figures;
import org.tlnlp.plot.Tables;
import org.tlnlp.train.History;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Part 2's tables, figures and sentences, read off {@link SchemeRuns.Result}. */
public final class SchemeReport {

    private SchemeReport() {
    }

    /** The masked-LM loss rise of each run of a scheme (after − before, nats per masked token). */
    static double[] increases(SchemeRuns.Result r, Scheme s) {
        return r.runs().get(s).stream().mapToDouble(x -> x.after().loss() - r.before().loss()).toArray();
    }

    static double mean(double[] v) {
        return java.util.Arrays.stream(v).average().orElse(Double.NaN);
    }

    static String range(double[] v) {
        return String.format(Locale.ROOT, "%+.3f to %+.3f", java.util.Arrays.stream(v).min().orElse(Double.NaN),
                java.util.Arrays.stream(v).max().orElse(Double.NaN));
    }

    /** One row per scheme: sentiment accuracy with its interval, and the forgetting of the masked LM. */
    public static Table table(SchemeRuns.Result r) {
        List<Scheme> schemes = new ArrayList<>(r.runs().keySet());
        Table t = Table.create("Sentiment accuracy (test sentences) and forgetting of the masked LM (held-out Brown)",
                StringColumn.create("scheme", schemes.stream().map(s -> s.label).toList()));
        Tables.addAccuracy(t, "sentiment_accuracy", schemes.stream().map(r.accuracy()::get).toList());
        t.addColumns(DoubleColumn.create("mlm_loss_rise", schemes.stream().mapToDouble(s -> mean(increases(r, s)))),
                StringColumn.create("mlm_loss_rise_seeds", schemes.stream().map(s -> range(increases(r, s))).toList()),
                DoubleColumn.create("mlm_accuracy_after", schemes.stream().mapToDouble(s -> r.runs().get(s).stream()
                        .mapToDouble(x -> x.after().accuracy()).average().orElse(Double.NaN))),
                DoubleColumn.create("seconds_per_seed", schemes.stream().mapToDouble(s -> Math.round(r.runs().get(s)
                        .stream().mapToDouble(SchemeRuns.Run::seconds).average().orElse(0) * 10) / 10.0)));
        return t;
    }

    /** Each scheme's accuracy against full fine-tuning's, on the same test sentences. */
    public static List<String> comparisons(SchemeRuns.Result r, Rng rng) {
        List<String> out = new ArrayList<>();
        TestAccuracy full = r.accuracy().get(Scheme.FULL);
        for (Scheme s : r.runs().keySet()) {
            if (s != Scheme.FULL) {
                out.add(r.accuracy().get(s).minus(full, rng.split("compare " + s)).sentence(s.label, Scheme.FULL.label));
            }
        }
        return out;
    }

    /** Target score against forgetting: a point per scheme at the means, lines across the seeds' ranges. */
    public static XYChart scatter(SchemeRuns.Result r) {
        XYChart c = Figures.line("Sentiment accuracy against forgetting of the masked LM", "rise of the held-out "
                + "masked-LM loss (nats per masked token)", "sentiment accuracy (test)");
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        c.getStyler().setMarkerSize(10);
        Color[] colors = c.getStyler().getSeriesColors();
        int k = 0;
        for (Scheme s : r.runs().keySet()) {
            double[] rise = increases(r, s);
            double[] acc = r.accuracy().get(s).perSeed();
            Color color = colors[k++ % colors.length];
            XYSeries point = c.addSeries(s.label, new double[] {mean(rise)}, new double[] {mean(acc)});
            point.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setMarker(SeriesMarkers.CIRCLE)
                    .setMarkerColor(color);
            double[] xr = {min(rise), max(rise)};
            double[] yr = {min(acc), max(acc)};
            for (XYSeries spread : List.of(c.addSeries(s.label + " (seeds, x)", xr, new double[] {mean(acc), mean(acc)}),
                    c.addSeries(s.label + " (seeds, y)", new double[] {mean(rise), mean(rise)}, yr))) {
                spread.setMarker(SeriesMarkers.NONE);
                spread.setLineColor(color);
                spread.setShowInLegend(false);
            }
        }
        c.getStyler().setChartTitleFont(c.getStyler().getChartTitleFont().deriveFont(14f));
        return c;
    }

    /** A metric logged after each epoch of every scheme's first seed, with the value before training at epoch 0. */
    public static XYChart curves(SchemeRuns.Result r, String metric, String title, String yLabel, Double atStart) {
        Map<String, double[][]> series = new LinkedHashMap<>();
        r.runs().forEach((s, runs) -> {
            History h = runs.get(0).history();
            List<History.Point> p = h.series(metric);
            int n = p.size() + (atStart == null ? 0 : 1);
            double[][] xy = new double[2][n];
            int i = 0;
            if (atStart != null) {
                xy[1][i++] = atStart;
            }
            for (History.Point q : p) {
                xy[0][i] = q.epoch() + 1;
                xy[1][i++] = q.value();
            }
            series.put(s.label, xy);
        });
        XYChart c = Figures.line(title, "epoch", yLabel, series);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        return c;
    }

    /** A per-layer measure of every scheme's first seed (or the mean over seeds), x = depth 0 (embeddings) .. L. */
    public static Table perLayer(SchemeRuns.Result r, String title, boolean cka) {
        List<Scheme> schemes = new ArrayList<>(r.runs().keySet());
        int layers = r.runs().get(Scheme.FULL).get(0).distance().length;
        Table t = Table.create(title, StringColumn.create("scheme", schemes.stream().map(s -> s.label).toList()));
        for (int d = 0; d < layers; d++) {
            int depth = d;
            t.addColumns(DoubleColumn.create(d == 0 ? "embeddings" : "layer_" + d, schemes.stream().mapToDouble(s -> cka
                    ? r.runs().get(s).get(0).cka()[depth]
                    : r.runs().get(s).stream().mapToDouble(x -> x.distance()[depth]).average().orElse(Double.NaN))));
        }
        return t;
    }

    /** The rows of a per-layer table as lines over depth. */
    public static XYChart perLayerFigure(Table t, String title, String yLabel) {
        Map<String, double[][]> series = new LinkedHashMap<>();
        for (int row = 0; row < t.rowCount(); row++) {
            double[] y = new double[t.columnCount() - 1];
            for (int col = 1; col < t.columnCount(); col++) {
                y[col - 1] = t.doubleColumn(col).get(row);
            }
            series.put(t.stringColumn(0).get(row), new double[][] {Figures.range(y.length), y});
        }
        XYChart c = Figures.line(title, "depth (0 = embeddings, then layers 1..L)", yLabel, series);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        return c;
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElse(Double.NaN);
    }
}
