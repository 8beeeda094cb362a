package org.tlnlp.grading;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test as graded: it is worth {@code points} towards exercise {@code exercise} (e.g. "1.3").
 * An exercise may have several graded tests; it earns the points of each test that passes (for a
 * parameterised test, only when every case passes).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Graded {

    /** The exercise's id as the lesson text numbers it, e.g. "1.3". */
    String exercise();

    /** What the test is worth. */
    int points();

    /** A short name of what is checked, for the grade table. */
    String title() default "";
}
