package org.tlnlp.grading;

/** How a graded test (or a whole exercise) ended. */
public enum Status {
    PASSED("passed"),
    SKIPPED("skipped"),
    NOT_STARTED("not started"),
    FAILED("failed"),
    TIMED_OUT("timed out"),
    /** It passed, but by calling the library piece the exercise teaches: no points (the message names the call). */
    USES_LIBRARY("uses the library's piece");

    private final String label;

    Status(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The worse of two outcomes of the same exercise: one failing part fails the whole. */
    Status worse(Status other) {
        return ordinal() >= other.ordinal() ? this : other;
    }
}
