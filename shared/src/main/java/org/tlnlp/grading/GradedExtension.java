package org.tlnlp.grading;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * What a learner sees when a graded test does not pass. An exercise not started yet ends the test as aborted
 * (reported "not started", with no stack trace to scroll past); a failure keeps its message and gets the test's
 * hint appended. Registered for every test through JUnit's extension auto-detection; tests without
 * {@link Graded} are left alone, and so is the answer key (a stub there must fail its build).
 */
public final class GradedExtension implements TestExecutionExceptionHandler {

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        Graded g = context.getTestMethod().map(m -> m.getAnnotation(Graded.class)).orElse(null);
        if (g == null) {
            throw thrown;
        }
        boolean answerKey = "solution".equals(System.getProperty("grading.role"));
        if (!answerKey && GradingListener.classify(thrown) == Status.NOT_STARTED) {
            TestAbortedException aborted = new TestAbortedException(notStarted(thrown), thrown);
            aborted.setStackTrace(new StackTraceElement[0]);
            throw aborted;
        }
        if (g.hint().isEmpty() || GradingListener.classify(thrown) != Status.FAILED) {
            throw thrown;
        }
        String message = (thrown.getMessage() == null ? thrown.getClass().getSimpleName() : thrown.getMessage())
                + "\nHint: " + g.hint();
        Throwable withHint = thrown instanceof AssertionError ? new AssertionError(message, thrown.getCause())
                : new RuntimeException(thrown.getClass().getSimpleName() + ": " + message, thrown.getCause());
        withHint.setStackTrace(thrown.getStackTrace());
        throw withHint;
    }

    private static String notStarted(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof NotImplementedYet) {
                return c.getMessage();
            }
        }
        return t.getMessage();
    }
}
