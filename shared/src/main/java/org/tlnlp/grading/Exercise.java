package org.tlnlp.grading;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method a learner writes for exercise {@code value} (e.g. "5.6"), and the library classes it teaches:
 * those the exercise may not call, directly or through a helper of its own. The grader checks the compiled
 * exercise classes; a call into one of them scores no points, with a message naming the call.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Exercise {

    /** The exercise's id, as the graded tests name it. */
    String value();

    /** The library classes this exercise is the twin of: they are what you write here, so they may not be used. */
    Class<?>[] mayNotUse() default {};

    /**
     * Single methods the exercise may not call, as {@code fully.qualified.Class.method} (e.g.
     * {@code ai.djl.ndarray.NDArray.softmax}): for pieces that are methods of a class the exercise needs.
     */
    String[] mayNotCall() default {};
}
