package org.tlnlp.plot;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.tlnlp.io.AtomicFiles;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The course's figures: line, bar and heat-map charts (XChart) with one look, saved as PNG by labs and
 * shown inline by notebooks ({@link #image} gives the picture a Java kernel displays).
 */
public final class Figures {

    public static final int WIDTH = 800;
    public static final int HEIGHT = 500;

    static {
        // Figures are drawn off-screen: in CI, in a notebook kernel and in a lab alike.
        System.setProperty("java.awt.headless", "true");
    }

    private Figures() {
    }

    /** An empty line chart; add series with {@code chart.addSeries(name, x, y)}. */
    public static XYChart line(String title, String xLabel, String yLabel) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        c.getStyler().setMarkerSize(4);
        c.getStyler().setPlotGridLinesVisible(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE).setChartBackgroundColor(Color.WHITE);
        return c;
    }

    /** A line chart with one series per entry, each given as x and y values. */
    public static XYChart line(String title, String xLabel, String yLabel, Map<String, double[][]> series) {
        XYChart c = line(title, xLabel, yLabel);
        series.forEach((name, xy) -> c.addSeries(name, xy[0], xy[1]));
        return c;
    }

    /**
     * A chart on logarithmic axes, where a power law is a straight line: {@code points} drawn as markers (measured
     * values), {@code lines} as lines without markers (fitted laws, learning curves). Each series is {x, y}, all
     * values > 0. {@code logY} false keeps the y axis linear (a loss that changes by less than a factor of 10 reads
     * better there; the x axis stays logarithmic).
     */
    public static XYChart logLog(String title, String xLabel, String yLabel, Map<String, double[][]> points,
                                 Map<String, double[][]> lines, boolean logY) {
        XYChart c = line(title, xLabel, yLabel);
        c.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(logY);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Vertical);
        lines.forEach((name, xy) -> c.addSeries(name, xy[0], xy[1]).setMarker(SeriesMarkers.NONE));
        points.forEach((name, xy) -> {
            XYSeries s = c.addSeries(name, xy[0], xy[1]);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
        });
        c.getStyler().setMarkerSize(8);
        return c;
    }

    /** {@code n} points evenly spaced in log between {@code from} and {@code to} (the x of a fitted law's line). */
    public static double[] geometric(double from, double to, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = from * Math.pow(to / from, n == 1 ? 0 : i / (double) (n - 1));
        }
        return x;
    }

    /** A grouped bar chart: one bar per category and series. */
    public static CategoryChart bar(String title, String xLabel, String yLabel, List<String> categories,
                                    Map<String, List<? extends Number>> series) {
        CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        c.getStyler().setXAxisLabelRotation(crowded(categories) ? 45 : 0);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal)
                .setChartBackgroundColor(Color.WHITE).setLegendVisible(series.size() > 1);
        series.forEach((name, values) -> {
            if (values.size() != categories.size()) {
                throw new IllegalArgumentException("series '" + name + "' has " + values.size()
                        + " values for " + categories.size() + " categories");
            }
            c.addSeries(name, categories, values);
        });
        return c;
    }

    /**
     * Whether category labels would overlap if written level: more than six, or one longer than its share of the
     * width (about 7 pixels a character at the default font).
     */
    static boolean crowded(List<String> categories) {
        int longest = categories.stream().mapToInt(String::length).max().orElse(0);
        return categories.size() > 6 || longest * 7 > WIDTH / Math.max(1, categories.size());
    }

    /** A heat map of {@code values[row][column]}, rows labelled {@code rowLabels}, columns {@code columnLabels}. */
    public static HeatMapChart heatmap(String title, List<String> columnLabels, List<String> rowLabels, double[][] values) {
        if (values.length != rowLabels.size()) {
            throw new IllegalArgumentException(values.length + " rows of values for " + rowLabels.size() + " row labels");
        }
        HeatMapChart c = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT).title(title).build();
        c.getStyler().setShowValue(values.length * columnLabels.size() <= 100);
        c.getStyler().setRangeColors(new Color[] {new Color(247, 251, 255), new Color(107, 174, 214), new Color(8, 48, 107)});
        c.getStyler().setHeatMapValueDecimalPattern("0.00");
        c.getStyler().setXAxisLabelRotation(columnLabels.size() > 6 ? 45 : 0);
        c.getStyler().setChartBackgroundColor(Color.WHITE).setDecimalPattern("0.00");
        List<Number[]> cells = new java.util.ArrayList<>();
        for (int r = 0; r < values.length; r++) {
            if (values[r].length != columnLabels.size()) {
                throw new IllegalArgumentException("row " + r + " has " + values[r].length + " values for "
                        + columnLabels.size() + " column labels");
            }
            for (int col = 0; col < values[r].length; col++) {
                cells.add(new Number[] {col, r, values[r][col]});
            }
        }
        c.addSeries(title, columnLabels, rowLabels, cells);
        return c;
    }

    /** The chart drawn as a picture (what a notebook shows inline). */
    public static BufferedImage image(Chart<?, ?> chart) {
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** Saves the chart as a PNG file (through a temporary file) and returns its path. */
    public static Path savePng(Chart<?, ?> chart, Path file) throws IOException {
        BufferedImage img = image(chart);
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(img, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
        return file;
    }

    /** {@code 0, 1, ..., n-1} as doubles: the x values of a series indexed by step. */
    public static double[] range(int n) {
        double[] x = new double[n];
        Arrays.setAll(x, i -> i);
        return x;
    }

    /** Two numeric columns of a table as a line series {x, y}. */
    public static double[][] xy(tech.tablesaw.api.Table t, String x, String y) {
        return new double[][] {t.numberColumn(x).asDoubleArray(), t.numberColumn(y).asDoubleArray()};
    }

    /** A horizontal line at {@code value} across the x range of {@code over} (a baseline beside a curve). */
    public static double[][] level(double[][] over, double value) {
        double[] x = over[0].length == 0 ? new double[] {0} : new double[] {over[0][0], over[0][over[0].length - 1]};
        double[] y = new double[x.length];
        Arrays.fill(y, value);
        return new double[][] {x, y};
    }

    /** A series with every y multiplied by {@code factor} (to share an axis with another quantity). */
    public static double[][] scaled(double[][] xy, double factor) {
        return new double[][] {xy[0], Arrays.stream(xy[1]).map(v -> v * factor).toArray()};
    }
}
