package org.tlnlp.analysis;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.tlnlp.lab.LabReport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PowerLaw} and {@link LearningCurves} by hand and against SciPy ({@code testdata/scaling/power_law.json},
 * written by {@code tools/reference/scaling_scipy.py golden testdata/scaling}: linregress for the plain law,
 * bounded least_squares from 41 starts for the law with an irreducible term).
 */
class PowerLawTest {

    static final Path DIR = LabReport.repositoryRoot().resolve("testdata/scaling");

    static JsonObject golden(String file) throws IOException {
        return org.tlnlp.io.JsonFiles.object(DIR.resolve(file));
    }

    @Test
    void kaplansLawComesBackExactly() {
        // L(N) = (8.8e13 / N)^0.076 (Kaplan et al. eq. 1.1) sampled at five sizes.
        double[] n = {1e4, 3e4, 1e5, 3e5, 1e6};
        double[] l = Arrays.stream(n).map(x -> Math.pow(8.8e13 / x, 0.076)).toArray();
        PowerLaw.Fit f = PowerLaw.fit(n, l);
        assertEquals(0.076, f.law().alpha(), 1e-12);
        assertEquals(8.8e13, f.law().scale(), 8.8e13 * 1e-9);
        assertEquals(1.0, f.rSquared(), 1e-12);
        assertEquals(2, f.parameters());
        // Doubling N multiplies the loss by 2^-0.076 = 0.9487.
        assertEquals(Math.pow(2, -0.076), f.law().predict(2e6) / f.law().predict(1e6), 1e-12);
        assertEquals(1e6, f.law().sizeFor(l[4]), 1e6 * 1e-9);
    }

    @Test
    void aNearlyFlatCurveDoesNotOverflow() {
        // α = 1e-4: x_c = 5^(1/α) is far beyond a double, A = 5 is not.
        double[] x = {1e3, 1e4, 1e5, 1e6};
        double[] y = Arrays.stream(x).map(v -> 5 * Math.pow(v, -1e-4)).toArray();
        PowerLaw.Fit f = PowerLaw.fit(x, y);
        assertEquals(1e-4, f.law().alpha(), 1e-12);
        assertEquals(5, f.law().coefficient(), 1e-9);
        assertEquals(Double.POSITIVE_INFINITY, f.law().scale());
        assertEquals(y[2], f.law().predict(1e5), 1e-12);
        assertEquals(1e5, f.law().sizeFor(y[2]), 1e-3);
        assertEquals(2, PowerLaw.withScale(0.5, 4, 0).coefficient(), 1e-12, "A = x_c^α");
    }

    /** The cases of one array of power_law.json. */
    static List<JsonObject> cases(String array) throws IOException {
        List<JsonObject> out = new ArrayList<>();
        golden("power_law.json").getAsJsonArray(array).forEach(e -> out.add(e.getAsJsonObject()));
        return out;
    }

    @Test
    void fitsMatchScipy() throws IOException {
        for (JsonObject c : cases("laws")) {
            String name = c.get("name").getAsString();
            double[] x = Golden.doubles(c.get("x"));
            double[] y = Golden.doubles(c.get("y"));
            JsonObject p = c.getAsJsonObject("plain");
            PowerLaw.Fit plain = PowerLaw.fit(x, y);
            assertEquals(p.get("alpha").getAsDouble(), plain.law().alpha(), 1e-10, name + ": alpha");
            assertEquals(1, plain.law().scale() / p.get("scale").getAsDouble(), 1e-8, name + ": scale");
            assertEquals(p.get("r_squared").getAsDouble(), plain.rSquared(), 1e-10, name + ": R²");
            assertEquals(p.get("adjusted_r_squared").getAsDouble(), plain.adjustedRSquared(), 1e-10, name);
            assertArrayEquals(Golden.doubles(p.get("residuals")), plain.residuals(), 1e-10, name + ": residuals");
            checkExtrapolation(name + " (plain)", plain.law(), p);

            JsonObject q = c.getAsJsonObject("irreducible");
            PowerLaw.Fit full = PowerLaw.fitWithIrreducible(x, y);
            // Both sides reach the same least-squares optimum: the cost to 1e-9 relative, parameters more loosely
            // (the cost surface is flat along a ridge of alpha, scale and L∞).
            double sse = q.get("sse").getAsDouble();
            assertTrue(full.sse() <= sse * (1 + 1e-7) + 1e-20, name + ": SSE " + full.sse() + " vs SciPy's " + sse);
            assertEquals(sse, full.sse(), Math.max(1e-9 * sse, 1e-22), name + ": SSE");
            assertEquals(q.get("irreducible").getAsDouble(), full.law().irreducible(), 1e-4, name + ": L∞");
            assertEquals(q.get("alpha").getAsDouble(), full.law().alpha(), 1e-4 * Math.abs(q.get("alpha").getAsDouble())
                    + 1e-9, name + ": alpha");
            assertEquals(q.get("r_squared").getAsDouble(), full.rSquared(), 1e-8, name + ": R²");
            assertArrayEquals(Golden.doubles(q.get("residuals")), full.residuals(), 1e-5, name + ": residuals");
            assertEquals(3, full.parameters());
            assertEquals(q.get("at_zero").getAsBoolean(), full.law().irreducible() == 0, name + ": L∞ on its bound 0");
            if (full.law().irreducible() > 0) {
                checkExtrapolation(name + " (irreducible)", full.law(), q);
            }
        }
    }

    private static void checkExtrapolation(String name, PowerLaw law, JsonObject golden) {
        double[] at = Golden.doubles(golden.get("predict_at"));
        double[] expected = Golden.doubles(golden.get("predict"));
        for (int i = 0; i < at.length; i++) {
            assertEquals(expected[i], law.predict(at[i]), 1e-6 * expected[i], name + ": L(" + at[i] + ")");
        }
        double[] losses = Golden.doubles(golden.get("size_for_loss"));
        double[] sizes = Golden.doubles(golden.get("size_for"));
        for (int i = 0; i < losses.length; i++) {
            assertEquals(1, law.sizeFor(losses[i]) / sizes[i], 1e-4, name + ": size for loss " + losses[i]);
        }
    }

    @Test
    void theBetterFitIsChosenByAdjustedRSquared() throws IOException {
        for (JsonObject c : cases("laws")) {
            double[] x = Golden.doubles(c.get("x"));
            double[] y = Golden.doubles(c.get("y"));
            PowerLaw.Fit a = PowerLaw.fit(x, y);
            PowerLaw.Fit b = PowerLaw.fitWithIrreducible(x, y);
            boolean irreducibleWins = c.getAsJsonObject("irreducible").get("adjusted_r_squared").getAsDouble()
                    > c.getAsJsonObject("plain").get("adjusted_r_squared").getAsDouble();
            assertEquals(irreducibleWins, PowerLaw.better(a, b) == b, c.get("name").getAsString());
        }
    }

    @Test
    void frontierMatchesARunningMinimum() throws IOException {
        for (JsonObject c : cases("frontiers")) {
            assertArrayEquals(Golden.ints(c.get("frontier")),
                    PowerLaw.frontier(Golden.doubles(c.get("x")), Golden.doubles(c.get("y"))));
        }
        // By hand: (1, 5) (2, 6) (3, 4) (3, 3) (4, 4.5) (5, 2): the frontier is 5, 3, 2 at x = 1, 3, 5.
        assertArrayEquals(new int[] {0, 3, 5}, PowerLaw.frontier(new double[] {1, 2, 3, 3, 4, 5},
                new double[] {5, 6, 4, 3, 4.5, 2}));
    }

    @Test
    void learningCurvesMatchNumpy() throws IOException {
        for (JsonObject c : cases("curves")) {
            double[] sizes = Golden.doubles(c.get("sizes"));
            double[] scores = Golden.doubles(c.get("scores"));
            double[] targets = Golden.doubles(c.get("targets"));
            for (int i = 0; i < targets.length; i++) {
                JsonObject r = c.getAsJsonArray("reach").get(i).getAsJsonObject();
                LearningCurves.Reach got = LearningCurves.sizeToReach(sizes, scores, targets[i]);
                assertEquals(r.get("reached").getAsBoolean(), got.reached(), "target " + targets[i]);
                assertEquals(r.get("at_most").getAsBoolean(), got.atMost(), "target " + targets[i]);
                if (got.reached()) {
                    assertEquals(r.get("size").getAsDouble(), got.size(), 1e-9, "target " + targets[i]);
                }
            }
        }
        // Halfway between 0.6 at 100 and 0.7 at 400 in score is halfway in log(size): 200.
        LearningCurves.Reach r = LearningCurves.sizeToReach(new double[] {100, 400}, new double[] {0.6, 0.7}, 0.65);
        assertEquals(200, r.size(), 1e-9);
        assertEquals("200", r.describe(400));
        assertEquals("≤ 100", LearningCurves.sizeToReach(new double[] {100, 400}, new double[] {0.6, 0.7}, 0.5).describe(400));
        assertEquals("> 400", LearningCurves.sizeToReach(new double[] {100, 400}, new double[] {0.6, 0.7}, 0.9).describe(400));
    }

    @Test
    void badInputIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PowerLaw.fit(new double[] {1, 2, 3}, new double[] {1, 0, 2}));
        assertTrue(e.getMessage().contains("y[1] = 0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PowerLaw.fit(new double[] {1, 2}, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("at least 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PowerLaw.fit(new double[] {1, 2, 3}, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("3 x values but 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new PowerLaw(0.1, 1e6, 2).sizeFor(1.5));
        assertTrue(e.getMessage().contains("never reached"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PowerLaw.fit(new double[] {1, 2, 3}, new double[] {2, 2, 2}));
        assertThrows(IllegalArgumentException.class, () -> LearningCurves.sizeToReach(new double[] {2, 1},
                new double[] {0.5, 0.6}, 0.55));
        assertFalse(LearningCurves.sizeToReach(new double[] {1}, new double[] {0.5}, 0.6).reached());
    }
}
