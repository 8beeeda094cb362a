package org.tlnlp.grading;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Prints the whole course's grade from the reports the lessons' test runs wrote
 * ({@code lessons/NN-name/target/grade.json}). {@code ./course grade} runs the tests, then this.
 *
 * <p>Usage: {@code CourseGrade <repository root>}
 */
public final class CourseGrade {

    private CourseGrade() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        System.out.print(table(root));
    }

    static String table(Path root) throws IOException {
        List<Path> lessons;
        try (Stream<Path> s = Files.list(root.resolve("lessons"))) {
            lessons = s.filter(p -> Files.isDirectory(p) && p.getFileName().toString().matches("\\d\\d-.*"))
                    .sorted().toList();
        }
        StringBuilder sb = new StringBuilder();
        String rule = "=".repeat(64);
        sb.append(rule).append('\n').append("Course grade\n").append(rule).append('\n');
        sb.append(String.format(Locale.ROOT, "%-26s %9s %8s  %s%n", "lesson", "exercises", "points", "status"));
        int earned = 0;
        int possible = 0;
        for (Path lesson : lessons) {
            String name = lesson.getFileName().toString();
            Path report = lesson.resolve("target/grade.json");
            if (!Files.exists(report)) {
                boolean hasTests = Files.isDirectory(lesson.resolve("src/test/java"));
                sb.append(String.format(Locale.ROOT, "%-26s %9s %8s  %s%n", name, "-", "-",
                        hasTests ? "not graded yet: run its tests" : "no exercises yet"));
                continue;
            }
            GradeReport r = GradeReport.read(report);
            long done = r.exercises.stream().filter(e -> Status.PASSED.label().equals(e.status)).count();
            long notStarted = r.exercises.stream().filter(e -> Status.NOT_STARTED.label().equals(e.status)).count();
            String status = done == r.exercises.size() ? "complete"
                    : notStarted == r.exercises.size() ? "not started"
                    : done + " of " + r.exercises.size() + " exercises passed";
            sb.append(String.format(Locale.ROOT, "%-26s %9d %3d / %-3d %s%n", name, r.exercises.size(), r.earned,
                    r.possible, status));
            earned += r.earned;
            possible += r.possible;
        }
        sb.append(rule).append('\n');
        sb.append(String.format(Locale.ROOT, "%-36s %3d / %-3d %.0f%%%n", "total", earned, possible,
                possible == 0 ? 0.0 : 100.0 * earned / possible));
        sb.append(rule).append('\n');
        return sb.toString();
    }
}
