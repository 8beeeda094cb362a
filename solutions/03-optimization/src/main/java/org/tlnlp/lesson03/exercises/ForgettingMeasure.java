package org.tlnlp.lesson03.exercises;

import org.tlnlp.analysis.Forgetting;
import org.tlnlp.grading.Exercise;

/**
 * Lesson 03, exercise 3.6: how much was forgotten, as one number. Run {@code mvn test -pl lessons/03-optimization -am}.
 */
public final class ForgettingMeasure {

    private ForgettingMeasure() {
    }

    /**
     * Exercise 3.6 (average forgetting, Chaudhry et al. 2018, "Riemannian Walk for Incremental Learning", eq. 7–8).
     * {@code scores[k][j]} is the score (an accuracy: higher is better) on task j after training on tasks 0..k, for
     * a square matrix of K tasks; entries with k &lt; j (task j not trained yet) are {@code NaN} and never used.
     * With k = K − 1 the last task, the forgetting of each earlier task j &lt; k is the best score it ever had before
     * the last task minus its score now:
     *
     * <pre>
     *   f_j = max_{l = j..k−1} scores[l][j] − scores[k][j]
     *   averageForgetting = (1 / k) · Σ_{j &lt; k} f_j
     * </pre>
     *
     * The last task is not counted (it cannot have been forgotten yet). A task whose score rose after it was
     * trained, then fell, counts from its best, not from the score right after its own training. Negative values
     * (later tasks helped) are kept as they are. Task 0 may be pre-training itself, scored by masked-LM accuracy.
     *
     * <p>Checked against NumPy on two and three tasks, a case where a later task first helped, and six random tasks.
     */
    @Exercise(value = "3.6", mayNotUse = Forgetting.class)
    public static double averageForgetting(double[][] scores) {
        int k = scores.length - 1;
        double sum = 0;
        for (int j = 0; j < k; j++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int l = j; l < k; l++) {
                best = Math.max(best, scores[l][j]);
            }
            sum += best - scores[k][j];
        }
        return sum / k;
    }
}
