package org.tlnlp.lesson02.exercises;

import ai.djl.ndarray.NDArray;
import org.tlnlp.grading.Exercise;
import org.tlnlp.grading.NotImplementedYet;
import org.tlnlp.multitask.UncertaintyWeighting;

/**
 * Lesson 02, exercises 2.3 and 2.4: weighing the tasks' losses by learned uncertainty (Kendall, Gal and Cipolla,
 * 2018). Each task i has a noise scale σ_i, learned with the model; the training loss is
 *
 * <pre>  Σ_i  L_i / (2 σ_i²)  +  log σ_i</pre>
 *
 * A task that stays hard or noisy raises its σ and so lowers its own weight; the {@code log σ} term keeps σ from
 * growing for free. The parameter the model learns is {@code s_i = log σ_i} (it can take any real value, and σ
 * stays positive), so each term is {@code ½ · L_i · e^(−2 s_i) + s_i}.
 */
public final class UncertaintyLoss {

    private UncertaintyLoss() {
    }

    /**
     * Exercise 2.3. The uncertainty-weighted loss {@code Σ_i ½ L_i e^(−2 s_i) + s_i}, with NDArray operations so that
     * gradients reach both the losses and {@code s}.
     *
     * @param losses   (n) the tasks' losses L_i
     * @param logSigma (n) s_i = log σ_i
     * @return the scalar loss
     */
    @Exercise(value = "2.3", mayNotUse = UncertaintyWeighting.class)
    public static NDArray loss(NDArray losses, NDArray logSigma) {
        throw new NotImplementedYet("2.3 (UncertaintyLoss.loss)");
    }

    /**
     * Exercise 2.4. By hand: the derivative of the loss of 2.3 with respect to each {@code s_i}, for given losses
     * (the losses held fixed). Work it out on paper first; then say where it is zero, i.e. which σ_i a task settles
     * at for a loss L_i that no longer changes.
     *
     * @param losses   the tasks' losses L_i
     * @param logSigma s_i = log σ_i, as many as losses
     * @return per task, ∂/∂s_i of the loss
     * @throws IllegalArgumentException when the two arrays differ in length
     */
    @Exercise(value = "2.4", mayNotUse = UncertaintyWeighting.class)
    public static double[] gradient(double[] losses, double[] logSigma) {
        throw new NotImplementedYet("2.4 (UncertaintyLoss.gradient)");
    }
}
