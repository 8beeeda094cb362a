package org.tlnlp.lesson03.exercises;

import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import org.tlnlp.engine.Engines;
import org.tlnlp.grading.Exercise;
import org.tlnlp.train.Ewc;
import org.tlnlp.train.Fisher;
import org.tlnlp.train.L2Sp;
import org.tlnlp.train.Regularized;

import java.util.function.IntFunction;

/**
 * Lesson 03, exercises 3.4 and 3.5: fine-tuning made progressive <em>relative to the pre-trained model</em>, by a
 * penalty that holds the weights near where they started (L2-SP, 3.4), or near an earlier task's optimum weighted by
 * how much that task cares about each weight (EWC, which needs the Fisher information of 3.5).
 *
 * <p>Arrays are DJL NDArrays (lesson 00 is the primer). Run {@code mvn test -pl lessons/03-optimization -am}.
 */
public final class Regularisers {

    private Regularisers() {
    }

    /**
     * Exercise 3.4, the penalty (L2-SP, Li, Grandvalet and Davoine 2018, eq. 3). {@code weights[i]} are parameters
     * the pre-trained model had, {@code pretrained[i]} their pre-trained values w⁰ (same shapes), {@code head} the
     * new parameters of the task head, which have no pre-trained value:
     *
     * <pre>
     *   Ω = α/2 · Σ_i ‖weights[i] − pretrained[i]‖²  +  β/2 · Σ_j ‖head[j]‖²
     * </pre>
     *
     * with ‖·‖² the sum of squares of every value. Plain weight decay would pull towards zero; L2-SP pulls towards
     * the starting point.
     *
     * <p>Checked against values PyTorch computed, including a case with no head and one with α = 0.
     *
     * @return Ω, as a double
     */
    @Exercise(value = "3.4", mayNotUse = {L2Sp.class, Regularized.class})
    public static double l2spPenalty(NDArray[] weights, NDArray[] pretrained, NDArray[] head, double alpha, double beta) {
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += alpha / 2 * sumOfSquares(weights[i].sub(pretrained[i]));
        }
        for (NDArray h : head) {
            sum += beta / 2 * sumOfSquares(h);
        }
        return sum;
    }

    /**
     * Exercise 3.4, the gradient of the same Ω, written out (no autograd): the derivative of α/2 · ‖w − w⁰‖² with
     * respect to w, and of β/2 · ‖h‖² with respect to h. Leave the inputs unchanged.
     *
     * <p>Checked against PyTorch's autograd and against a finite difference of the penalty.
     *
     * @return one array per input, in the order {@code weights[0..]}, then {@code head[0..]}, each of its input's shape
     */
    @Exercise(value = "3.4", mayNotUse = {L2Sp.class, Regularized.class, GradientCollector.class})
    public static NDArray[] l2spGradient(NDArray[] weights, NDArray[] pretrained, NDArray[] head, double alpha,
                                         double beta) {
        NDArray[] out = new NDArray[weights.length + head.length];
        for (int i = 0; i < weights.length; i++) {
            out[i] = weights[i].sub(pretrained[i]).mul((float) alpha);
        }
        for (int j = 0; j < head.length; j++) {
            out[weights.length + j] = head[j].mul((float) beta);
        }
        return out;
    }

    /**
     * Exercise 3.5 (the diagonal Fisher information EWC weighs its penalty with, Kirkpatrick et al. 2017). For
     * every parameter value θ_i, the mean over the examples of the squared gradient of <em>each example's own</em>
     * loss:
     *
     * <pre>
     *   F_i = (1 / N) · Σ_n ( ∂ loss_n / ∂θ_i )²
     * </pre>
     *
     * {@code exampleLoss.apply(n)} computes example n's loss (a scalar) from {@code parameters}, which already
     * require gradients. Run it inside a {@link GradientCollector} ({@code Engines.engine().newGradientCollector()}),
     * call {@code backward}, and read each parameter's {@code getGradient()}. Two things go wrong easily:
     * squaring the gradient of the mean loss of all examples is not the same (at a good solution that gradient is
     * near 0, the per-example ones are not), and gradients add up across backward passes until you set them back
     * to zero (e.g. {@code g.subi(g)}).
     *
     * <p>Checked against PyTorch's per-example gradients of a small network, and inside a small BERT against the
     * library's Fisher.
     *
     * @param parameters the parameters θ (each requires a gradient)
     * @param examples   N, how many examples there are
     * @return F, one array per parameter, of its shape
     */
    @Exercise(value = "3.5", mayNotUse = {Fisher.class, Ewc.class})
    public static NDArray[] diagonalFisher(NDArray[] parameters, int examples, IntFunction<NDArray> exampleLoss) {
        NDArray[] sums = new NDArray[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            sums[i] = parameters[i].zerosLike();
        }
        for (int n = 0; n < examples; n++) {
            try (GradientCollector collector = Engines.engine().newGradientCollector()) {
                collector.backward(exampleLoss.apply(n));
            }
            for (int i = 0; i < parameters.length; i++) {
                NDArray g = parameters[i].getGradient();
                sums[i].addi(g.square());
                g.subi(g);
            }
        }
        for (NDArray s : sums) {
            s.divi(examples);
        }
        return sums;
    }

    private static double sumOfSquares(NDArray a) {
        return a.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).square().sum().getDouble();
    }
}
