package org.tlnlp.grading;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test as graded: it counts towards exercise {@code exercise} (e.g. "1.3") with the points of its
 * {@link Kind} (the course's rubric). An exercise may have several graded tests; it earns the points of each test
 * that passes (for a parameterised test, only when every case passes).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Graded {

    /** The exercise's id as the lesson text numbers it, e.g. "1.3". */
    String exercise();

    /** What kind of work the test checks; its points follow from it. */
    Kind kind();

    /** A short name of what is checked, for the grade table. */
    String title() default "";

    /** Shown after a failed attempt, in the failure message and in the grade table: where such code usually goes wrong. */
    String hint() default "";

    /**
     * The rubric: what a test is worth depends on what it asks for, not on how long it took to write.
     */
    enum Kind {
        /** Transcribing a given formula or recipe, fully specified: 1 point. */
        RECIPE(1),
        /** A function with cases to think through (empty input, ties, padding, edges), checked on hand-made cases: 2 points. */
        FUNCTION(2),
        /** An algorithm checked against a reference on real data (all of Brown, a real vocabulary): 3 points. */
        ALGORITHM(3),
        /** A model component checked against an independent implementation inside a real model (PyTorch, ONNX Runtime): 4 points. */
        COMPONENT(4);

        private final int points;

        Kind(int points) {
            this.points = points;
        }

        public int points() {
            return points;
        }
    }
}
