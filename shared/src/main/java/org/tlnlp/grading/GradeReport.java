package org.tlnlp.grading;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import org.tlnlp.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The grade of one lesson (or of its answer key): per exercise, points and status. Written as JSON. */
public final class GradeReport {

    /** One graded test's result. */
    public static final class Test {
        public String name;
        public int points;
        public String status;
        public String message;
        /** Shown after a failed attempt. */
        public String hint;
    }

    /** One exercise: the sum of its tests. */
    public static final class Exercise {
        public String id;
        public String title;
        public int points;
        public int earned;
        public String status;
        public List<Test> tests = new ArrayList<>();
    }

    public String lesson;
    public String role;
    public int earned;
    public int possible;
    public List<Exercise> exercises = new ArrayList<>();

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, GSON.toJson(this) + "\n");
    }

    public static GradeReport read(Path file) throws IOException {
        return GSON.fromJson(Files.readString(file), GradeReport.class);
    }

    public double percent() {
        return possible == 0 ? 0 : 100.0 * earned / possible;
    }

    /** The table a learner sees after running the lesson's tests. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        String rule = "-".repeat(78);
        sb.append(rule).append('\n');
        sb.append(String.format(Locale.ROOT, "Grade of %s (%s)%n", lesson,
                "solution".equals(role) ? "answer key" : "your exercises"));
        sb.append(rule).append('\n');
        sb.append(String.format(Locale.ROOT, "%-9s %-44s %8s  %s%n", "exercise", "what is checked", "points", "status"));
        for (Exercise e : exercises) {
            sb.append(String.format(Locale.ROOT, "%-9s %-44s %3d / %-3d %s%n", e.id, clip(e.title, 44), e.earned,
                    e.points, e.status));
            for (Test t : e.tests) {
                if (Status.FAILED.label().equals(t.status) || Status.TIMED_OUT.label().equals(t.status)
                        || Status.USES_LIBRARY.label().equals(t.status)) {
                    sb.append(String.format(Locale.ROOT, "          %s: %s%n", t.name, clip(firstLine(t.message), 300)));
                }
                if (t.hint != null) {
                    sb.append(String.format(Locale.ROOT, "          hint: %s%n", t.hint));
                }
            }
        }
        sb.append(rule).append('\n');
        sb.append(String.format(Locale.ROOT, "%-54s %3d / %-3d %.0f%%%n", "total", earned, possible, percent()));
        sb.append(rule).append('\n');
        return sb.toString();
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static String clip(String s, int width) {
        return s == null ? "" : s.length() <= width ? s : s.substring(0, width - 3) + "...";
    }
}
