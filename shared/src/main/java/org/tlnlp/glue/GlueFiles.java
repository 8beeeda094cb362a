package org.tlnlp.glue;

import org.tlnlp.data.Tsv;
import org.tlnlp.glue.TaskFormat.Column;
import org.tlnlp.glue.TaskFormat.File;
import org.tlnlp.glue.TaskFormat.Layout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading tasks in GLUE's format from a folder that holds one folder per task, and writing them. Files are read as
 * GLUE's own are meant to be read: tab-separated, UTF-8, <em>no quoting</em> (a quote character is plain text: SST-2
 * and MNLI have fields that open a quote and never close it, which a CSV reader would run on into the next lines),
 * columns found by header name, and a row with fewer fields than the header skipped and noted (as Hugging Face's
 * QQP processor skips one); any other damage is an error naming the file and the line.
 */
public final class GlueFiles {

    private GlueFiles() {
    }

    /** The tasks among {@code known} whose folder is in {@code dir} with at least one of their files. */
    public static List<TaskFormat> find(Path dir, List<TaskFormat> known) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a folder (expected one folder per task: CoLA/, SST-2/, MNLI/, ...)");
        }
        List<TaskFormat> out = new ArrayList<>();
        for (TaskFormat f : known) {
            Path folder = dir.resolve(f.folder());
            if (Files.isDirectory(folder) && files(f).stream().anyMatch(x -> Files.exists(folder.resolve(x.file())))) {
                out.add(f);
            }
        }
        return out;
    }

    private static List<File> files(TaskFormat f) {
        List<File> all = new ArrayList<>();
        if (f.train() != null) {
            all.add(f.train());
        }
        all.addAll(f.dev());
        all.addAll(f.test());
        return all;
    }

    /**
     * A task's examples from {@code dir/<folder>/}: every file of its format that exists (a missing training or
     * dev file leaves that set empty; a test file's held labels are attached when their file exists).
     */
    public static TaskData read(Path dir, TaskFormat f) throws IOException {
        Path folder = dir.resolve(f.folder());
        List<String> notes = new ArrayList<>();
        List<Example> train = f.train() != null && Files.exists(folder.resolve(f.train().file()))
                ? read(folder.resolve(f.train().file()), f.train().layout(), notes) : List.of();
        Map<String, List<Example>> dev = new LinkedHashMap<>();
        for (File d : f.dev()) {
            if (Files.exists(folder.resolve(d.file()))) {
                dev.put(d.set(), read(folder.resolve(d.file()), d.layout(), notes));
            }
        }
        Map<String, List<Example>> test = new LinkedHashMap<>();
        for (File t : f.test()) {
            if (Files.exists(folder.resolve(t.file()))) {
                List<Example> examples = read(folder.resolve(t.file()), t.layout(), notes);
                if (t.heldLabels() != null && Files.exists(folder.resolve(t.heldLabels()))) {
                    examples = withLabels(examples, folder.resolve(t.heldLabels()));
                }
                test.put(t.set(), examples);
            }
        }
        return new TaskData(f, train, dev, test, notes);
    }

    /** The examples of one file; rows skipped for missing fields are added to {@code notes}. */
    public static List<Example> read(Path file, Layout layout, List<String> notes) throws IOException {
        Tsv.Table t = Tsv.read(file, layout.header(), Tsv.Quoting.NONE, Tsv.ShortRows.SKIP);
        int id = index(t, layout.id(), file);
        int a = index(t, layout.textA(), file);
        int b = index(t, layout.textB(), file);
        int label = index(t, layout.label(), file);
        List<Example> out = new ArrayList<>(t.rows().size());
        for (int r = 0; r < t.rows().size(); r++) {
            List<String> row = t.rows().get(r);
            out.add(new Example(id < 0 ? Integer.toString(r) : row.get(id), row.get(a), b < 0 ? null : row.get(b),
                    label < 0 ? null : row.get(label)));
        }
        if (!t.skippedLines().isEmpty()) {
            List<Integer> lines = t.skippedLines();
            notes.add(file.getFileName() + " (" + file.getParent().getFileName() + "): " + lines.size() + " row"
                    + (lines.size() == 1 ? "" : "s") + " with missing fields skipped, at line" + (lines.size() == 1 ? " " : "s ")
                    + lines.subList(0, Math.min(5, lines.size())) + (lines.size() > 5 ? " ..." : ""));
        }
        return out;
    }

    private static int index(Tsv.Table t, Column c, Path file) throws IOException {
        if (c == null) {
            return -1;
        }
        if (c.name() != null) {
            int i = t.header().indexOf(c.name());
            if (i < 0) {
                throw new IOException(file + ": no column '" + c.name() + "'; the header has " + t.header());
            }
            return i;
        }
        int width = t.rows().isEmpty() ? 0 : t.rows().get(0).size();
        if (c.position() >= width && width > 0) {
            throw new IOException(file + ": expected at least " + (c.position() + 1) + " columns, the rows have " + width);
        }
        return c.position();
    }

    private static List<Example> withLabels(List<Example> examples, Path labels) throws IOException {
        Tsv.Table t = Tsv.read(labels, true);
        Map<String, String> byId = new HashMap<>();
        List<String> ids = t.values("index");
        List<String> values = t.values("label");
        for (int i = 0; i < ids.size(); i++) {
            byId.put(ids.get(i), values.get(i));
        }
        List<Example> out = new ArrayList<>();
        for (Example e : examples) {
            String l = byId.get(e.id());
            if (l == null) {
                throw new IOException(labels + ": no label for test example " + e.id());
            }
            out.add(new Example(e.id(), e.textA(), e.textB(), l));
        }
        return out;
    }

    /**
     * Writes a task in its format under {@code dir/<folder>/}: the training and dev files with labels, the test files
     * without, and the test labels in their held-labels file when the format names one. Only layouts with a header
     * can be written; texts must not hold tabs or line breaks (GLUE's unquoted format cannot store them).
     */
    public static void write(Path dir, TaskData data) throws IOException {
        TaskFormat f = data.format();
        Path folder = dir.resolve(f.folder());
        Files.createDirectories(folder);
        if (f.train() != null) {
            write(folder.resolve(f.train().file()), f.train().layout(), data.train(), true);
        }
        for (File d : f.dev()) {
            write(folder.resolve(d.file()), d.layout(), data.dev().getOrDefault(d.set(), List.of()), true);
        }
        for (File t : f.test()) {
            List<Example> examples = data.test().getOrDefault(t.set(), List.of());
            write(folder.resolve(t.file()), t.layout(), examples, false);
            if (t.heldLabels() != null) {
                List<List<String>> rows = examples.stream().map(e -> List.of(e.id(), e.label())).toList();
                Tsv.write(folder.resolve(t.heldLabels()), List.of("index", "label"), rows);
            }
        }
    }

    private static void write(Path file, Layout layout, List<Example> examples, boolean labelled) throws IOException {
        if (!layout.header()) {
            throw new IllegalArgumentException(file + ": only layouts with a header can be written");
        }
        List<String> header = new ArrayList<>();
        for (Column c : new Column[] {layout.id(), layout.textA(), layout.textB(), layout.label()}) {
            if (c != null) {
                header.add(c.name());
            }
        }
        List<List<String>> rows = new ArrayList<>();
        for (Example e : examples) {
            List<String> row = new ArrayList<>();
            if (layout.id() != null) {
                row.add(e.id());
            }
            row.add(e.textA());
            if (layout.textB() != null) {
                row.add(e.textB());
            }
            if (layout.label() != null) {
                if (labelled && e.label() == null) {
                    throw new IllegalArgumentException(file + ": example " + e.id() + " has no label");
                }
                row.add(e.label());
            }
            rows.add(row);
        }
        Tsv.write(file, header, rows);
    }
}
