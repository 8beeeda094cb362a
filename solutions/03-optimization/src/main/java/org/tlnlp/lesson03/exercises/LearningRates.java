package org.tlnlp.lesson03.exercises;

import org.tlnlp.grading.Exercise;
import org.tlnlp.train.GradualUnfreezing;
import org.tlnlp.train.LayerRates;
import org.tlnlp.train.Recipe;
import org.tlnlp.train.Schedules;

/**
 * Lesson 03, exercises 3.1 to 3.3: fine-tuning made progressive <em>in intensity</em> (lower rates for lower
 * layers, 3.1; a rate that climbs briefly and then decays, 3.2) and <em>in time</em> (layers unfrozen one by one,
 * 3.3).
 *
 * <p>Depths number a model from the input up: 0 is the embeddings, 1..L the L layers, and L + 1 ({@code topDepth})
 * what sits on top of them, the task head. Replace each {@code throw new NotImplementedYet(...)} with your code,
 * then run {@code mvn test -pl lessons/03-optimization -am} (or {@code ./course grade}). Only the JDK is needed.
 */
public final class LearningRates {

    private LearningRates() {
    }

    /**
     * Exercise 3.1 (discriminative fine-tuning, Howard and Ruder 2018; "layer-wise learning-rate decay" in later
     * BERT recipes). The learning rate of every depth d = 0..topDepth:
     *
     * <pre>
     *   rate[d] = topRate · xi^(topDepth − d)
     * </pre>
     *
     * The top (the head) trains at {@code topRate}; each depth below at {@code xi} times the rate of the depth above
     * it. ULMFiT's rule η_{l−1} = η_l / 2.6 is {@code xi = 1 / 2.6}.
     *
     * <p>Checked against NumPy's values for ULMFiT's 2.6, BERT-style decays and a model that is only a head.
     *
     * @return an array of {@code topDepth + 1} rates, index = depth
     */
    @Exercise(value = "3.1", mayNotUse = LayerRates.class)
    public static double[] layerRates(double topRate, int topDepth, double xi) {
        double[] rates = new double[topDepth + 1];
        for (int d = 0; d <= topDepth; d++) {
            rates[d] = topRate * Math.pow(xi, topDepth - d);
        }
        return rates;
    }

    /**
     * Exercise 3.2 (slanted triangular learning rates, ULMFiT eq. 3). The rate of every step t = 0..totalSteps−1:
     *
     * <pre>
     *   cut  = max(1, ⌊totalSteps · cutFrac⌋)
     *   p    = t / cut                                   if t &lt; cut
     *        = 1 − (t − cut) / (cut · (1 / cutFrac − 1))  otherwise
     *   rate = maxRate · (1 + p · (ratio − 1)) / ratio
     * </pre>
     *
     * It climbs linearly from {@code maxRate / ratio} to {@code maxRate} during the first {@code cutFrac} of the
     * steps and then falls back linearly. When ⌊·⌋ makes the descent too long for the run, p would go below 0 near
     * the end (and the rate below {@code maxRate / ratio}, or even below 0): clamp p at 0. The paper uses
     * {@code cutFrac = 0.1, ratio = 32}.
     *
     * <p>Checked against the paper's formula computed in Python, for runs whose length is and is not a multiple of
     * 1 / cutFrac, and for runs so short that the climb is a single step.
     *
     * @return {@code totalSteps} rates, index = step
     */
    @Exercise(value = "3.2", mayNotUse = {Schedules.class, Recipe.class})
    public static double[] slantedTriangular(int totalSteps, double cutFrac, double ratio, double maxRate) {
        int cut = Math.max(1, (int) Math.floor(totalSteps * cutFrac + 1e-9));
        double[] rates = new double[totalSteps];
        for (int t = 0; t < totalSteps; t++) {
            double p = t < cut ? (double) t / cut : 1 - (t - cut) / (cut * (1 / cutFrac - 1));
            rates[t] = maxRate * (1 + Math.max(0, p) * (ratio - 1)) / ratio;
        }
        return rates;
    }

    /**
     * Exercise 3.3 (gradual unfreezing, ULMFiT section 3.3). Which depths train in each epoch: in the first stage
     * only the top ({@code topDepth}), and every later stage unfreezes the next depth down; a stage lasts
     * {@code epochsPerStage} epochs, and an unfrozen depth stays unfrozen. In epoch e, depth d trains when
     *
     * <pre>
     *   d ≥ topDepth − ⌊e / epochsPerStage⌋
     * </pre>
     *
     * <p>Checked against the plans Python writes for one and two epochs per stage, runs longer than the model is
     * deep (everything trains at the end) and a model that is only a head.
     *
     * @return {@code plan[e][d]}: true when depth d trains in epoch e ({@code epochs} rows of {@code topDepth + 1})
     */
    @Exercise(value = "3.3", mayNotUse = GradualUnfreezing.class)
    public static boolean[][] unfreezingPlan(int topDepth, int epochs, int epochsPerStage) {
        boolean[][] plan = new boolean[epochs][topDepth + 1];
        for (int e = 0; e < epochs; e++) {
            int lowest = topDepth - e / epochsPerStage;
            for (int d = 0; d <= topDepth; d++) {
                plan[e][d] = d >= lowest;
            }
        }
        return plan;
    }
}
