package org.tlnlp.data;

import org.tlnlp.io.AtomicFiles;
import org.tlnlp.io.TextFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Tab-separated files in the format of the GLUE benchmark's tasks.
 *
 * <p>GLUE's own files are read with no quoting at all: a field runs to the next tab, quote characters
 * are plain text ({@link Quoting#NONE}, the default). Files written by spreadsheet tools quote fields
 * with double quotes and double a quote inside them ({@link Quoting#CSV}); such a field may then hold
 * tabs and line breaks. Every row must have as many fields as the header (or, without a header, as the
 * first row); a row that does not is an error naming the file and the line, unless the reader is told to
 * skip rows with too few fields ({@link ShortRows#SKIP}, as Hugging Face's QQP processor skips a row that lacks
 * a field), which are then listed in {@link Table#skippedLines()}.
 */
public final class Tsv {

    /** How fields are quoted. */
    public enum Quoting { NONE, CSV }

    /** What a row with fewer fields than the header is: an error (the default), or a row to skip and list. */
    public enum ShortRows { FAIL, SKIP }

    /**
     * A read file: the header (empty when the file has none), the rows, each a list of fields, and the lines
     * (1-based) of the rows skipped for having too few fields (only with {@link ShortRows#SKIP}).
     */
    public record Table(List<String> header, List<List<String>> rows, List<Integer> skippedLines) {

        public Table(List<String> header, List<List<String>> rows) {
            this(header, rows, List.of());
        }

        /** The index of a header column, or an error naming the columns there are. */
        public int column(String name) {
            int i = header.indexOf(name);
            if (i < 0) {
                throw new IllegalArgumentException("no column '" + name + "'; the header has " + header);
            }
            return i;
        }

        /** All values of one named column. */
        public List<String> values(String name) {
            int i = column(name);
            return rows.stream().map(r -> r.get(i)).toList();
        }
    }

    private Tsv() {
    }

    public static Table read(Path file, boolean hasHeader) throws IOException {
        return read(file, hasHeader, Quoting.NONE);
    }

    public static Table read(Path file, boolean hasHeader, Quoting quoting) throws IOException {
        return read(file, hasHeader, quoting, ShortRows.FAIL);
    }

    public static Table read(Path file, boolean hasHeader, Quoting quoting, ShortRows shortRows) throws IOException {
        String text = TextFiles.readUtf8(file);
        return parse(text, file.toString(), hasHeader, quoting, shortRows);
    }

    /** Parses TSV text; {@code name} is used in error messages. */
    public static Table parse(String text, String name, boolean hasHeader, Quoting quoting) throws TsvFormatException {
        return parse(text, name, hasHeader, quoting, ShortRows.FAIL);
    }

    /** Parses TSV text, skipping rows with too few fields if told to; {@code name} is used in error messages. */
    public static Table parse(String text, String name, boolean hasHeader, Quoting quoting, ShortRows shortRows)
            throws TsvFormatException {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<Record> records = quoting == Quoting.NONE ? splitPlain(text) : splitQuoted(text, name);
        List<String> header = List.of();
        List<List<String>> rows = new ArrayList<>();
        List<Integer> skipped = new ArrayList<>();
        int width = -1;
        for (Record r : records) {
            if (width < 0) {
                width = r.fields.size();
                if (hasHeader) {
                    header = List.copyOf(r.fields);
                    continue;
                }
            } else if (r.fields.size() < width && shortRows == ShortRows.SKIP) {
                skipped.add(r.line);
                continue;
            } else if (r.fields.size() != width) {
                throw new TsvFormatException(name, r.line, "expected " + width + " tab-separated fields ("
                        + (hasHeader ? "as in the header " + header : "as in the first row") + ") but found "
                        + r.fields.size() + ": " + preview(r.fields));
            }
            rows.add(Collections.unmodifiableList(r.fields));
        }
        return new Table(header, Collections.unmodifiableList(rows), List.copyOf(skipped));
    }

    private record Record(int line, List<String> fields) {
    }

    private static List<Record> splitPlain(String text) {
        List<Record> out = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isEmpty() && i == lines.length - 1) {
                break; // the final newline
            }
            if (lines[i].isEmpty()) {
                continue; // blank lines carry no row
            }
            out.add(new Record(i + 1, new ArrayList<>(List.of(lines[i].split("\t", -1)))));
        }
        return out;
    }

    private static List<Record> splitQuoted(String text, String name) throws TsvFormatException {
        List<Record> out = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int recordStart = 1;
        int quoteStart = -1;
        boolean quoted = false;
        boolean fieldWasQuoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
            } else if (c == '"' && field.length() == 0 && !fieldWasQuoted) {
                quoted = true;
                fieldWasQuoted = true;
                quoteStart = line;
            } else if (c == '\t') {
                fields.add(field.toString());
                field.setLength(0);
                fieldWasQuoted = false;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                fields.add(field.toString());
                if (!(fields.size() == 1 && fields.get(0).isEmpty() && !fieldWasQuoted)) {
                    out.add(new Record(recordStart, fields));
                }
                fields = new ArrayList<>();
                field.setLength(0);
                fieldWasQuoted = false;
                line++;
                recordStart = line;
            } else {
                if (fieldWasQuoted) {
                    throw new TsvFormatException(name, line, "text after a closing quote: '" + c + "'");
                }
                field.append(c);
            }
        }
        if (quoted) {
            throw new TsvFormatException(name, quoteStart, "a quoted field opened here is never closed");
        }
        if (field.length() > 0 || !fields.isEmpty() || fieldWasQuoted) {
            fields.add(field.toString());
            out.add(new Record(recordStart, fields));
        }
        return out;
    }

    /** Writes rows (and a header unless it is empty), through a temporary file. */
    public static void write(Path file, List<String> header, List<? extends List<String>> rows, Quoting quoting)
            throws IOException {
        StringBuilder sb = new StringBuilder();
        int width = header.isEmpty() ? (rows.isEmpty() ? 0 : rows.get(0).size()) : header.size();
        if (!header.isEmpty()) {
            appendRow(sb, header, quoting, file, 0);
        }
        for (int i = 0; i < rows.size(); i++) {
            List<String> row = rows.get(i);
            if (row.size() != width) {
                throw new IllegalArgumentException(file + ": row " + i + " has " + row.size()
                        + " fields, expected " + width + ": " + preview(row));
            }
            appendRow(sb, row, quoting, file, i);
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    public static void write(Path file, List<String> header, List<? extends List<String>> rows) throws IOException {
        write(file, header, rows, Quoting.NONE);
    }

    private static void appendRow(StringBuilder sb, List<String> row, Quoting quoting, Path file, int index) {
        for (int j = 0; j < row.size(); j++) {
            String f = row.get(j);
            if (j > 0) {
                sb.append('\t');
            }
            boolean special = f.indexOf('\t') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0;
            if (quoting == Quoting.NONE) {
                if (special) {
                    throw new IllegalArgumentException(file + ": row " + index + ", field " + j
                            + " holds a tab or line break, which unquoted TSV cannot store; use Quoting.CSV");
                }
                sb.append(f);
            } else if (special || f.indexOf('"') >= 0) {
                sb.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(f);
            }
        }
        sb.append('\n');
    }

    private static String preview(List<String> fields) {
        String s = String.join("\u21E5", fields);
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
