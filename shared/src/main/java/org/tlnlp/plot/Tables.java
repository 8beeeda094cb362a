package org.tlnlp.plot;

import org.tlnlp.analysis.Intervals;
import org.tlnlp.analysis.TestAccuracy;
import org.tlnlp.io.AtomicFiles;
import org.tlnlp.train.History;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Tablesaw tables as the course shows and saves them: Markdown for reports and READMEs, CSV for data. */
public final class Tables {

    private Tables() {
    }

    /** The table as a GitHub Markdown table; numbers with up to 4 significant decimals. */
    public static String markdown(Table t) {
        StringBuilder sb = new StringBuilder();
        List<String> names = t.columnNames();
        sb.append("| ").append(String.join(" | ", names)).append(" |\n|");
        for (Column<?> c : t.columns()) {
            sb.append(c.type().equals(tech.tablesaw.api.ColumnType.STRING) ? "---|" : "---:|");
        }
        sb.append('\n');
        for (Row r : t) {
            List<String> cells = new ArrayList<>();
            for (String n : names) {
                Object v = r.getObject(n);
                cells.add(format(v));
            }
            sb.append("| ").append(String.join(" | ", cells)).append(" |\n");
        }
        return sb.toString();
    }

    static String format(Object v) {
        if (v == null) {
            return "—"; // Tablesaw stores a missing number (NaN) as null
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d)) {
                return "—";
            }
            if (d != 0 && (Math.abs(d) >= 1e5 || Math.abs(d) < 1e-3)) {
                return String.format(Locale.ROOT, "%.3e", d);
            }
            return String.format(Locale.ROOT, "%.4f", d).replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return String.valueOf(v).replace("|", "\\|");
    }

    /**
     * The per-epoch metrics of a training run as a table: a {@code step} column (the step each epoch ended at),
     * then one column per metric, in the order given. A metric may be renamed with {@code column=metric}
     * (e.g. {@code train_loss=epoch_train_loss}).
     */
    public static Table epochs(String title, History history, String... metrics) {
        if (metrics.length == 0) {
            throw new IllegalArgumentException("name at least one metric");
        }
        Table t = Table.create(title);
        List<History.Point> first = null;
        for (String m : metrics) {
            String column = m.contains("=") ? m.substring(0, m.indexOf('=')) : m;
            String metric = m.contains("=") ? m.substring(m.indexOf('=') + 1) : m;
            List<History.Point> points = history.series(metric);
            if (first == null) {
                first = points;
                t.addColumns(IntColumn.create("step", points.stream().mapToInt(History.Point::step).toArray()));
            } else if (points.size() != first.size()) {
                throw new IllegalArgumentException("metric " + metric + " has " + points.size() + " values, "
                        + metrics[0] + " " + first.size());
            }
            t.addColumns(DoubleColumn.create(column, points.stream().mapToDouble(History.Point::value).toArray()));
        }
        return t;
    }

    /** A table of numbers with named rows and columns: {@code values[row][column]}. */
    public static Table grid(String title, String rowHeader, List<String> rows, List<String> columns, double[][] values) {
        if (values.length != rows.size()) {
            throw new IllegalArgumentException(rows.size() + " row names for " + values.length + " rows");
        }
        Table t = Table.create(title, tech.tablesaw.api.StringColumn.create(rowHeader, rows));
        for (int c = 0; c < columns.size(); c++) {
            int column = c;
            t.addColumns(DoubleColumn.create(columns.get(c), java.util.Arrays.stream(values).mapToDouble(r -> r[column])));
        }
        return t;
    }

    /** Each row's numbers as a series named by its first (text) cell: bars per row in {@link Figures#bar}. */
    public static java.util.Map<String, List<? extends Number>> rowSeries(Table t) {
        java.util.Map<String, List<? extends Number>> out = new java.util.LinkedHashMap<>();
        for (Row r : t) {
            List<Double> v = new ArrayList<>();
            for (int c = 1; c < t.columnCount(); c++) {
                v.add(((Number) r.getObject(c)).doubleValue());
            }
            out.put(r.getString(0), v);
        }
        return out;
    }

    /**
     * Adds one accuracy per row to {@code t}, with what stands behind it: {@code name} (the mean over seeds),
     * {@code name_95ci} (its Wilson interval over the test items), {@code name_n} (how many test items), and, when
     * any row has several seeds, {@code name_seeds} (lowest and highest accuracy over seeds, and how many seeds).
     * A {@code null} cell is a score the row does not have; it prints as a dash.
     */
    public static Table addAccuracy(Table t, String name, List<TestAccuracy> cells) {
        if (cells.size() != t.rowCount()) {
            throw new IllegalArgumentException("column " + name + ": " + cells.size() + " accuracies for "
                    + t.rowCount() + " rows");
        }
        DoubleColumn mean = DoubleColumn.create(name);
        StringColumn ci = StringColumn.create(name + "_95ci");
        IntColumn n = IntColumn.create(name + "_n");
        StringColumn seeds = StringColumn.create(name + "_seeds");
        boolean several = false;
        for (TestAccuracy a : cells) {
            if (a == null) {
                mean.appendMissing();
                ci.append("—");
                n.appendMissing();
                seeds.append("—");
                continue;
            }
            mean.append(a.mean());
            Intervals.Interval i = a.interval();
            ci.append(String.format(Locale.ROOT, "[%.3f, %.3f]", i.lower(), i.upper()));
            n.append(a.n());
            double[] range = a.seedRange();
            seeds.append(a.seeds() == 1 ? "1 seed" : String.format(Locale.ROOT, "%.3f–%.3f (%d seeds)", range[0],
                    range[1], a.seeds()));
            several |= a.seeds() > 1;
        }
        t.addColumns(mean, ci, n);
        if (several) {
            t.addColumns(seeds);
        }
        return t;
    }

    public static void writeMarkdown(Table t, Path file) throws IOException {
        AtomicFiles.writeString(file, "## " + t.name() + "\n\n" + markdown(t));
    }

    public static void writeCsv(Table t, Path file) throws IOException {
        AtomicFiles.write(file, out -> t.write().csv(new java.io.OutputStreamWriter(out,
                java.nio.charset.StandardCharsets.UTF_8) {
            @Override
            public void close() throws IOException {
                flush(); // the atomic writer closes the stream itself
            }
        }));
    }
}
