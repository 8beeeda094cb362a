package org.tlnlp.grading;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;

/**
 * Grades a test run: every test annotated {@link Graded} counts for its exercise. Registered with the
 * JUnit Platform through {@code META-INF/services}, so any module whose tests use {@code @Graded} is
 * graded; the others are left alone.
 *
 * <p>At the end of the run it prints the grade table and writes the JSON report to the path in the
 * system property {@code grading.report}. The lesson's name comes from {@code grading.lesson} and
 * whether this is the learner's code or the answer key from {@code grading.role}.
 */
public class GradingListener implements TestExecutionListener {

    private record Key(String className, String methodName) {
    }

    private record Outcome(Graded graded, String className, String displayName, Status status, String message) {
    }

    private final Map<Key, Outcome> outcomes = new LinkedHashMap<>();

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        outcomes.clear();
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        Graded g = graded(id);
        if (g != null) {
            record(id, g, Status.SKIPPED, reason);
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (!id.isTest()) {
            return;
        }
        Graded g = graded(id);
        if (g == null) {
            return;
        }
        Throwable t = result.getThrowable().orElse(null);
        Status status = switch (result.getStatus()) {
            case SUCCESSFUL -> Status.PASSED;
            case ABORTED -> classify(t) == Status.NOT_STARTED ? Status.NOT_STARTED : Status.SKIPPED;
            case FAILED -> classify(t);
        };
        record(id, g, status, t == null ? null : describe(t));
    }

    /** Not started when the stub's exception is anywhere in the cause chain; timed out on JUnit's timeout. */
    static Status classify(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof NotImplementedYet) {
                return Status.NOT_STARTED;
            }
            if (c instanceof TimeoutException) {
                return Status.TIMED_OUT;
            }
        }
        return Status.FAILED;
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private void record(TestIdentifier id, Graded g, Status status, String message) {
        MethodSource m = (MethodSource) id.getSource().orElseThrow();
        Key key = new Key(m.getClassName(), m.getMethodName());
        Outcome previous = outcomes.get(key);
        if (previous != null) { // another case of a parameterised test: the worst case counts
            if (previous.status().worse(status) == previous.status()) {
                return;
            }
        }
        String name = m.getClassName().substring(m.getClassName().lastIndexOf('.') + 1) + "." + m.getMethodName();
        outcomes.put(key, new Outcome(g, m.getClassName(), name, status, message));
    }

    private static Graded graded(TestIdentifier id) {
        TestSource source = id.getSource().orElse(null);
        if (!(source instanceof MethodSource ms)) {
            return null;
        }
        try {
            Method method = ms.getJavaMethod();
            return method.getAnnotation(Graded.class);
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (outcomes.isEmpty()) {
            return;
        }
        GradeReport report = report(System.getProperty("grading.lesson", "lesson"),
                System.getProperty("grading.role", "lesson"));
        System.out.println();
        System.out.print(report.table());
        String path = System.getProperty("grading.report");
        if (path != null && !path.isBlank()) {
            try {
                report.write(Path.of(path));
            } catch (IOException e) {
                throw new UncheckedIOException("writing the grade report " + path, e);
            }
        }
    }

    GradeReport report(String lesson, String role) {
        Map<String, LibraryTwins.Violation> twins = twins();
        GradeReport r = new GradeReport();
        r.lesson = lesson;
        r.role = role;
        Map<String, GradeReport.Exercise> byId = new TreeMap<>(GradingListener::compareIds);
        for (Outcome o : outcomes.values()) {
            GradeReport.Exercise e = byId.computeIfAbsent(o.graded().exercise(), id -> {
                GradeReport.Exercise x = new GradeReport.Exercise();
                x.id = id;
                return x;
            });
            if (e.title == null || e.title.isEmpty()) {
                e.title = o.graded().title();
            }
            LibraryTwins.Violation twin = twins.get(o.graded().exercise());
            Status status = twin != null && o.status() == Status.PASSED ? Status.USES_LIBRARY : o.status();
            GradeReport.Test t = new GradeReport.Test();
            t.name = o.displayName();
            t.points = o.graded().kind().points();
            t.status = status.label();
            t.message = status == Status.USES_LIBRARY ? twin.message() : o.message();
            t.hint = status == Status.FAILED || status == Status.TIMED_OUT ? emptyToNull(o.graded().hint()) : null;
            e.tests.add(t);
            e.points += t.points;
            if (status == Status.PASSED) {
                e.earned += t.points;
            }
            e.status = e.status == null ? status.label() : combine(e.status, status);
            if (status == Status.USES_LIBRARY) {
                e.status = "uses the library's " + twin.target();
            }
        }
        r.exercises.addAll(byId.values());
        r.exercises.forEach(e -> {
            r.earned += e.earned;
            r.possible += e.points;
        });
        return r;
    }

    /**
     * Exercises that call the library piece they teach, found in the compiled {@code exercises} package next to
     * the graded tests' package.
     */
    private Map<String, LibraryTwins.Violation> twins() {
        Map<String, LibraryTwins.Violation> out = new LinkedHashMap<>();
        outcomes.values().stream().map(o -> o.className().substring(0, o.className().lastIndexOf('.')) + ".exercises")
                .distinct().forEach(pkg -> {
                    try {
                        out.putAll(LibraryTwins.find(pkg));
                    } catch (RuntimeException | LinkageError e) {
                        System.err.println("grading: could not check " + pkg + " for uses of the library: " + e);
                    }
                });
        return out;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** An exercise's status: passed only if every test passed; not started only if none was started. */
    private static String combine(String current, Status next) {
        Status cur = fromLabel(current);
        if (cur == next) {
            return cur.label();
        }
        if (cur == Status.PASSED && next == Status.NOT_STARTED || cur == Status.NOT_STARTED && next == Status.PASSED) {
            return "partly done";
        }
        if (cur == null) { // "partly done": stays so unless something fails
            return next == Status.FAILED || next == Status.TIMED_OUT ? next.label() : current;
        }
        return cur.worse(next).label();
    }

    private static Status fromLabel(String label) {
        for (Status s : Status.values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        return null;
    }

    /** Orders "1.2" before "1.10". */
    static int compareIds(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c;
            try {
                c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
            } catch (NumberFormatException e) {
                c = x[i].compareTo(y[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }
}
