package org.tlnlp.lab;

import org.tlnlp.engine.Engines;
import org.tlnlp.io.AtomicFiles;
import org.tlnlp.plot.Figures;
import org.tlnlp.plot.Tables;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A lab's results: its tables, its figures, and how they were produced (seed, engine, device, size,
 * machine, time), written as one Markdown report. Quick and full runs write figures under
 * {@code images/<lesson>/} and the report as {@code results/<lesson>.md} (or {@code -full.md}); smoke runs
 * write everything under {@code results/smoke/}, which git ignores, so CI never touches the quoted results.
 */
public final class LabReport {

    private final String lesson;
    private String command;
    private final String title;
    private final LabSize size;
    private final long seed;
    private final Path root;
    private final long start = System.nanoTime();
    private final Map<String, String> provenance = new LinkedHashMap<>();
    private final StringBuilder body = new StringBuilder();

    public LabReport(Path root, String lesson, String title, LabSize size, long seed) {
        this.root = root;
        this.lesson = lesson;
        this.title = title;
        this.size = size;
        this.seed = seed;
        provenance.put("size", size.label());
        provenance.put("seed", Long.toString(seed));
        provenance.put("engine", Engines.describe());
        provenance.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        provenance.put("machine", System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", "
                + Runtime.getRuntime().availableProcessors() + " cores, max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
        provenance.put("started", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        if (Mine.enabled()) {
            provenance.put("exercises", "the learner's own (--mine), where the lab has a seam for them");
        }
    }

    /**
     * The report of a lab's run: records the size's settings and says on the console which lab runs where.
     */
    public static LabReport start(Path root, String lesson, String title, LabSize size, long seed, Record settings) {
        LabReport report = new LabReport(root, lesson, title, size, seed);
        report.provenance("settings", settings.toString());
        System.out.println(title + " (" + size.label() + ") on " + Engines.describe());
        return report;
    }

    /** The repository root: {@code tlnlp.root} if set, else the nearest folder upwards holding {@code course}. */
    public static Path repositoryRoot() {
        String configured = System.getProperty("tlnlp.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        Path p = Path.of("").toAbsolutePath();
        for (Path q = p; q != null; q = q.getParent()) {
            if (Files.exists(q.resolve("course")) && Files.exists(q.resolve("pom.xml"))) {
                return q;
            }
        }
        return p;
    }

    public LabSize size() {
        return size;
    }

    public long seed() {
        return seed;
    }

    /**
     * The command the report says wrote it, for a lab part with a report of its own (default
     * {@code ./course run <lesson>} and the size's flag).
     */
    public LabReport command(String command) {
        this.command = command;
        return this;
    }

    /** Adds a line to the provenance block (e.g. data sizes, the split used). */
    public LabReport provenance(String key, String value) {
        provenance.put(key, value);
        return this;
    }

    public LabReport heading(String text) {
        body.append("\n## ").append(text).append("\n\n");
        return this;
    }

    public LabReport text(String markdown) {
        body.append(markdown).append("\n\n");
        return this;
    }

    public LabReport table(Table t) {
        body.append("**").append(t.name()).append("**\n\n").append(Tables.markdown(t)).append('\n');
        return this;
    }

    /** Saves the figure and links it from the report; returns the PNG's path. */
    public Path figure(String name, Chart<?, ?> chart) throws IOException {
        Path file = figureDir().resolve(name + ".png");
        Figures.savePng(chart, file);
        Path reportDir = reportFile().getParent();
        body.append("![").append(chart.getTitle()).append("](")
                .append(reportDir.relativize(file).toString().replace('\\', '/')).append(")\n\n");
        return file;
    }

    /** Smoke runs and runs with the learner's exercises ({@link Mine}) never write over the course's results. */
    public Path figureDir() {
        if (Mine.enabled()) {
            return root.resolve("results/mine/" + size.label() + "/" + lesson);
        }
        return size == LabSize.SMOKE ? root.resolve("results/smoke/" + lesson) : root.resolve("images/" + lesson);
    }

    public Path reportFile() {
        if (Mine.enabled()) {
            return root.resolve("results/mine/" + size.label() + "/" + lesson + ".md");
        }
        return switch (size) {
            case SMOKE -> root.resolve("results/smoke/" + lesson + ".md");
            case QUICK -> root.resolve("results/" + lesson + ".md");
            case FULL -> root.resolve("results/" + lesson + "-full.md");
        };
    }

    /** Writes the report and returns its path. */
    public Path write() throws IOException {
        provenance.put("wall time", String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - start) / 1e9));
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(title).append("\n\n");
        String flag = size == LabSize.QUICK ? "" : " --" + size.label();
        sb.append("Written by `").append(command == null ? "./course run " + lesson + flag : command + flag)
                .append("`; every number below is an output of that run.\n\n");
        sb.append("| run | |\n|---|---|\n");
        provenance.forEach((k, v) -> sb.append("| ").append(k).append(" | ").append(v.replace("|", "\\|")).append(" |\n"));
        sb.append(body);
        Path file = reportFile();
        AtomicFiles.writeString(file, sb.toString());
        return file;
    }
}
