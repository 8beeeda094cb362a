package org.tlnlp.lesson01.exercises;

import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.tlnlp.analysis.PowerLaw;
import org.tlnlp.grading.Exercise;
import org.tlnlp.grading.NotImplementedYet;

/**
 * Lesson 01, exercises 1.8 to 1.11: fitting and using a scaling law.
 *
 * <p>Kaplan et al. (2020) found the test loss of language models falling as a power law in the number of
 * non-embedding parameters N: {@code L(N) = (N_c / N)^α}, with α ≈ 0.076 and N_c ≈ 8.8·10¹³ for their models. Take
 * logarithms and it is a straight line: {@code ln L = α ln N_c − α ln N}, slope −α. Here you fit such a line to
 * (size, loss) points, say how well it fits, and use a fitted law in both directions. Sizes and losses are positive;
 * "ln" is the natural logarithm ({@code Math.log}). Use only the JDK: the point is to write the formulas yourself.
 *
 * <p>Checked on laws worked out by hand (Kaplan et al.'s own) and against SciPy's fits of the same points
 * ({@code testdata/scaling/power_law.json}, written by {@code tools/reference/scaling_scipy.py}):
 * {@code mvn test -pl lessons/01-transfer-learning -am}.
 */
public final class ScalingLaws {

    private ScalingLaws() {
    }

    /**
     * Exercise 1.8. Fits {@code L(N) = (N_c / N)^α} to the points by ordinary least squares in log space: the line
     * {@code y = a + b·x} with {@code x = ln N}, {@code y = ln L} that minimises {@code Σ (y_i − a − b·x_i)²}, i.e.
     * {@code b = Σ (x_i − x̄)(y_i − ȳ) / Σ (x_i − x̄)²} and {@code a = ȳ − b·x̄}. Then {@code α = −b} and, since
     * {@code a = α ln N_c}, {@code N_c = exp(a / α)}.
     *
     * @param sizes  N of each point (at least 3, not all equal)
     * @param losses L of each point, in the same order
     * @return {@code {α, N_c}}
     */
    @Exercise(value = "1.8", mayNotUse = {PowerLaw.class, SimpleRegression.class, OLSMultipleLinearRegression.class})
    public static double[] fitPowerLaw(double[] sizes, double[] losses) {
        throw new NotImplementedYet("1.8 (ScalingLaws.fitPowerLaw)");
    }

    /**
     * Exercise 1.9. How well the law {@code L(N) = (N_c / N)^α} fits the points, as R² in log space:
     * {@code 1 − Σ (ln L_i − ln L(N_i))² / Σ (ln L_i − mean of ln L)²}. 1 is a perfect fit; for the least-squares
     * line of exercise 1.8 it is the squared correlation of ln N and ln L; a worse law can give less than 0.
     *
     * @param sizes  N of each point
     * @param losses L of each point (not all equal)
     * @param alpha  the law's α
     * @param scale  the law's N_c
     * @return R² of the law on the points, in log space
     */
    @Exercise(value = "1.9", mayNotUse = PowerLaw.class)
    public static double rSquaredLogLog(double[] sizes, double[] losses, double alpha, double scale) {
        throw new NotImplementedYet("1.9 (ScalingLaws.rSquaredLogLog)");
    }

    /**
     * Exercise 1.10. Extrapolates a fitted law to a size it was not fitted on: {@code L(N) = (N_c / N)^α + L∞}.
     * {@code L∞} is an irreducible loss the law approaches as N grows (0 for Kaplan et al.'s form). For example
     * Kaplan et al.'s law at N = 10⁹ non-embedding parameters: {@code (8.8·10¹³ / 10⁹)^0.076 ≈ 2.38} nats per
     * token.
     *
     * @param alpha       α
     * @param scale       N_c
     * @param irreducible L∞ (≥ 0)
     * @param size        N (> 0)
     * @return the loss the law predicts at N
     */
    @Exercise(value = "1.10", mayNotUse = PowerLaw.class)
    public static double extrapolate(double alpha, double scale, double irreducible, double size) {
        throw new NotImplementedYet("1.10 (ScalingLaws.extrapolate)");
    }

    /**
     * Exercise 1.11. The other direction: the size N at which the law {@code L(N) = (N_c / N)^α + L∞} reaches a
     * given loss. Solve {@code (N_c / N)^α = loss − L∞} for N. A loss at or below L∞ is never reached: throw an
     * {@link IllegalArgumentException} whose message contains the word "never".
     *
     * @param alpha       α (> 0)
     * @param scale       N_c
     * @param irreducible L∞ (≥ 0)
     * @param loss        the loss to reach
     * @return the size N that reaches it
     */
    @Exercise(value = "1.11", mayNotUse = PowerLaw.class)
    public static double sizeForLoss(double alpha, double scale, double irreducible, double loss) {
        throw new NotImplementedYet("1.11 (ScalingLaws.sizeForLoss)");
    }
}
