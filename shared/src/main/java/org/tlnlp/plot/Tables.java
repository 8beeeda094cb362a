package org.tlnlp.plot;

import org.tlnlp.io.AtomicFiles;
import tech.tablesaw.api.Row;
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
