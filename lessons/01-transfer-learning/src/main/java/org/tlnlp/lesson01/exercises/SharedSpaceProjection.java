package org.tlnlp.lesson01.exercises;

import ai.djl.ndarray.NDArray;
import org.tlnlp.analysis.SharedSpace;
import org.tlnlp.grading.Exercise;
import org.tlnlp.grading.NotImplementedYet;

/**
 * Lesson 01, exercises 1.6 and 1.7: domain adaptation in a shared low-dimensional space.
 *
 * <p>The library's {@code SharedSpace.fit} learns, from source and target rows together, a mean vector
 * and a basis: a (d, k) matrix whose k columns span the directions along which the data of both domains
 * vary most. Here you write the two steps that use them. Use NDArray operations only (no loops over
 * elements, no {@code toFloatArray()}): the same code must run on the CPU and on a GPU.
 */
public final class SharedSpaceProjection {

    private SharedSpaceProjection() {
    }

    /**
     * Exercise 1.6. Projects rows into the shared space: {@code (x − mean) · basis}.
     *
     * @param x     (n, d) rows, one example each
     * @param mean  (d) the mean row the space was centred on
     * @param basis (d, k) the basis
     * @return (n, k) coordinates in the shared space
     */
    @Exercise(value = "1.6", mayNotUse = SharedSpace.class)
    public static NDArray project(NDArray x, NDArray mean, NDArray basis) {
        throw new NotImplementedYet("1.6 (SharedSpaceProjection.project)");
    }

    /**
     * Exercise 1.7. Standardises each domain on its own statistics, the simplest alignment of two domains:
     * subtract the column means of {@code z} and divide each column by its standard deviation
     * (the population one, dividing by n) plus {@code eps}. After this, source and target rows have the
     * same first and second moments per coordinate, so a classifier trained on one sees the other on the
     * same scale.
     *
     * @param z   (n, k) rows of one domain
     * @param eps a small number that keeps a constant column from dividing by zero
     * @return (n, k) standardised rows
     */
    @Exercise(value = "1.7", mayNotUse = SharedSpace.class)
    public static NDArray standardize(NDArray z, float eps) {
        throw new NotImplementedYet("1.7 (SharedSpaceProjection.standardize)");
    }
}
