package org.tlnlp.lesson02.exercises;

import ai.djl.ndarray.NDArray;
import org.tlnlp.grading.Exercise;
import org.tlnlp.grading.NotImplementedYet;
import org.tlnlp.multitask.GradientConflict;

import java.util.List;

/**
 * Lesson 02, exercise 2.7: do two tasks pull the shared encoder the same way? Take each task's loss gradient with
 * respect to the shared parameters, all of them as one long vector, and measure the cosine of the angle between
 * the two: near 1 the tasks agree, near 0 they are unrelated, below 0 a step for one undoes part of a step for the
 * other (gradient conflict, Yu et al. 2020).
 */
public final class GradientCosine {

    private GradientCosine() {
    }

    /**
     * Exercise 2.7. {@code Σ_p ⟨a_p, b_p⟩ / (√(Σ_p ‖a_p‖²) · √(Σ_p ‖b_p‖²))}, where {@code a_p} and {@code b_p} are
     * the two gradients of parameter p. Compute the three sums with NDArray operations and read back as few numbers
     * as you can (a real encoder has millions of parameters; never copy whole gradients to Java arrays).
     *
     * @param a one task's gradient, one array per parameter
     * @param b the other task's gradient, the same parameters in the same order and shapes
     * @return the cosine; 0 when either gradient is all zeros (it has no direction)
     * @throws IllegalArgumentException when the lists differ in length or are empty, or two arrays differ in shape
     */
    @Exercise(value = "2.7", mayNotUse = GradientConflict.class)
    public static double cosine(List<NDArray> a, List<NDArray> b) {
        throw new NotImplementedYet("2.7 (GradientCosine.cosine)");
    }
}
