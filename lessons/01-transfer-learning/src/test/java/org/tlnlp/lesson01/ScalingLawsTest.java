package org.tlnlp.lesson01;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.tlnlp.analysis.PowerLaw;
import org.tlnlp.grading.Graded;
import org.tlnlp.lesson01.exercises.ScalingLaws;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Graded tests of exercises 1.8 to 1.11: by hand, then against SciPy's fits ({@code testdata/scaling/power_law.json}). */
class ScalingLawsTest {

    /** Kaplan et al.'s L(N) = (8.8e13 / N)^0.076 at five sizes. */
    static final double[] KAPLAN_N = {1e4, 3e4, 1e5, 3e5, 1e6};
    static final double[] KAPLAN_L = Arrays.stream(KAPLAN_N).map(n -> Math.pow(8.8e13 / n, 0.076)).toArray();

    @Test
    @Graded(exercise = "1.8", kind = Graded.Kind.ALGORITHM, title = "power-law fit in log space",
            hint = "Fit ln L = a + b ln N by least squares (b = Σ(x−x̄)(y−ȳ) / Σ(x−x̄)², a = ȳ − b x̄), then α = −b and N_c = exp(a / α); natural logarithms throughout.")
    void fitPowerLaw() {
        // L = 100 / N on N = 1, 10, 100: a line of slope −1 through ln 100, so α = 1 and N_c = 100.
        double[] fit = ScalingLaws.fitPowerLaw(new double[] {1, 10, 100}, new double[] {100, 10, 1});
        assertEquals(2, fit.length, "return {alpha, scale}");
        assertEquals(1.0, fit[0], 1e-12, "alpha of L = 100/N");
        assertEquals(100.0, fit[1], 1e-9, "N_c of L = 100/N");
        double[] sizes = KAPLAN_N.clone();
        double[] losses = KAPLAN_L.clone();
        fit = ScalingLaws.fitPowerLaw(sizes, losses);
        assertEquals(0.076, fit[0], 1e-12, "alpha of Kaplan et al.'s own law (eq. 1.1)");
        assertEquals(1, fit[1] / 8.8e13, 1e-9, "N_c of Kaplan et al.'s own law: 8.8e13, got " + fit[1]);
        assertArrayEquals(KAPLAN_N, sizes, "the sizes must stay unchanged");
        assertArrayEquals(KAPLAN_L, losses, "the losses must stay unchanged");
        for (JsonObject c : ScalingGolden.laws()) {
            JsonObject p = c.getAsJsonObject("plain");
            double[] f = ScalingLaws.fitPowerLaw(ScalingGolden.doubles(c.get("x")), ScalingGolden.doubles(c.get("y")));
            String name = c.get("name").getAsString();
            assertEquals(p.get("alpha").getAsDouble(), f[0], 1e-9, name + ": alpha (SciPy's linregress on ln N, ln L)");
            assertEquals(1, f[1] / p.get("scale").getAsDouble(), 1e-7, name + ": N_c " + f[1] + ", SciPy's "
                    + p.get("scale").getAsDouble());
        }
    }

    @Test
    @Graded(exercise = "1.9", kind = Graded.Kind.FUNCTION, title = "R² of a power law in log space",
            hint = "Work with ln L: the law's prediction is ln L(N) = α (ln N_c − ln N); R² = 1 − Σ(residual²) / Σ(ln L − mean ln L)², the mean of the logs, not the log of the mean.")
    void rSquaredLogLog() {
        assertEquals(1.0, ScalingLaws.rSquaredLogLog(KAPLAN_N, KAPLAN_L, 0.076, 8.8e13), 1e-12,
                "Kaplan et al.'s law on its own points");
        // A law that is wrong on purpose: R² goes below 0, compared with the library's value.
        double wrong = PowerLaw.rSquared(KAPLAN_N, KAPLAN_L, PowerLaw.of(0.3, 1e8));
        assertTrue(wrong < 0, "a bad law has R² below 0 here; the library gives " + wrong);
        assertEquals(wrong, ScalingLaws.rSquaredLogLog(KAPLAN_N, KAPLAN_L, 0.3, 1e8), 1e-10,
                "R² of (1e8/N)^0.3 on Kaplan et al.'s points");
        for (JsonObject c : ScalingGolden.laws()) {
            JsonObject p = c.getAsJsonObject("plain");
            assertEquals(p.get("r_squared").getAsDouble(), ScalingLaws.rSquaredLogLog(ScalingGolden.doubles(c.get("x")),
                    ScalingGolden.doubles(c.get("y")), p.get("alpha").getAsDouble(), p.get("scale").getAsDouble()), 1e-9,
                    c.get("name").getAsString() + ": R² of SciPy's fitted law (the squared correlation of ln N and ln L)");
        }
    }

    @Test
    @Graded(exercise = "1.10", kind = Graded.Kind.RECIPE, title = "extrapolating a fitted law",
            hint = "(N_c / N)^α + L∞: divide first, then raise to α (Math.pow), then add the irreducible loss.")
    void extrapolate() {
        assertEquals(Math.pow(8.8e4, 0.076), ScalingLaws.extrapolate(0.076, 8.8e13, 0, 1e9), 1e-12,
                "Kaplan et al.'s law at N = 1e9 (about 2.38 nats)");
        assertEquals(3.0, ScalingLaws.extrapolate(1, 100, 2, 100), 1e-12, "(100/100)^1 + 2");
        for (ScalingGolden.Law law : ScalingGolden.fittedLaws()) {
            double[] at = ScalingGolden.doubles(law.golden().get("predict_at"));
            double[] expected = ScalingGolden.doubles(law.golden().get("predict"));
            for (int i = 0; i < at.length; i++) {
                assertEquals(expected[i], ScalingLaws.extrapolate(law.alpha(), law.scale(), law.irreducible(), at[i]),
                        1e-9 * expected[i], law.label() + ": L(" + at[i] + ")");
            }
        }
    }

    @Test
    @Graded(exercise = "1.11", kind = Graded.Kind.FUNCTION, title = "the size that reaches a loss",
            hint = "(N_c/N)^α = loss − L∞ gives N = N_c / (loss − L∞)^(1/α); a loss at or below L∞ is never reached: throw IllegalArgumentException saying \"never\".")
    void sizeForLoss() {
        assertEquals(1e9, ScalingLaws.sizeForLoss(0.076, 8.8e13, 0, Math.pow(8.8e4, 0.076)), 1e9 * 1e-9,
                "Kaplan et al.'s law: the size that reaches its loss at 1e9");
        assertEquals(50, ScalingLaws.sizeForLoss(1, 100, 2, 4), 1e-9, "(100/N)^1 + 2 = 4 at N = 50");
        for (ScalingGolden.Law law : ScalingGolden.fittedLaws()) {
            double[] losses = ScalingGolden.doubles(law.golden().get("size_for_loss"));
            double[] sizes = ScalingGolden.doubles(law.golden().get("size_for"));
            for (int i = 0; i < losses.length; i++) {
                double got = ScalingLaws.sizeForLoss(law.alpha(), law.scale(), law.irreducible(), losses[i]);
                assertEquals(1, got / sizes[i], 1e-9, law.label() + ": the size for loss " + losses[i] + " is "
                        + sizes[i] + ", got " + got);
            }
        }
        for (double unreachable : new double[] {2, 1.5}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ScalingLaws.sizeForLoss(0.1, 1e6, 2, unreachable),
                    "a loss of " + unreachable + " under an irreducible loss of 2 is never reached");
            assertTrue(e.getMessage() != null && e.getMessage().contains("never"),
                    "the message should say the loss is never reached: " + e.getMessage());
        }
    }
}
