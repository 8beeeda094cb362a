package org.tlnlp.analysis;

import org.tlnlp.nn.HostArrays;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.tlnlp.engine.Engines;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Pwcca} against a NumPy implementation of the paper's formula ({@code testdata/analysis/pwcca.json}). */
class PwccaTest {

    @Test
    void equalsNumPysPwccaAndSvcca() {
        try (NDManager m = Engines.newManager()) {
            for (JsonObject c : Golden.objects(Golden.load("pwcca.json").getAsJsonArray("cases"))) {
                String name = c.get("name").getAsString();
                NDArray x = HostArrays.matrix(m, Golden.floatRows(c.get("x")));
                NDArray y = HostArrays.matrix(m, Golden.floatRows(c.get("y")));
                Pwcca.Result r = Pwcca.compute(x, y, c.get("keep").getAsDouble());
                assertEquals(c.get("kept_x").getAsInt(), r.keptX(), name + ": directions kept of x");
                assertEquals(c.get("kept_y").getAsInt(), r.keptY(), name + ": directions kept of y");
                assertArrayEquals(Golden.doubles(c.get("correlations")), r.correlations(), 1e-6, name + ": ρ");
                assertArrayEquals(Golden.doubles(c.get("weights")), r.weights(), 1e-6, name + ": α");
                assertEquals(c.get("pwcca").getAsDouble(), r.similarity(), 1e-6, name + ": PWCCA");
                assertEquals(c.get("svcca").getAsDouble(), r.svcca(), 1e-6, name + ": SVCCA");
                assertEquals(1 - r.similarity(), r.distance(), 0);
            }
        }
    }

    @Test
    void unlikeCkaInvariantToAnyInvertibleMapWhenNothingIsTruncated() {
        Random r = new Random(31);
        double[][] x = CkaTest.gaussian(200, 6, r);
        RealMatrix a = MatrixUtils.createRealMatrix(CkaTest.gaussian(6, 6, r));
        try (NDManager m = Engines.newManager()) {
            NDArray xs = CkaTest.matrix(m, x);
            NDArray xa = CkaTest.matrix(m, MatrixUtils.createRealMatrix(x).multiply(a).getData());
            assertEquals(1.0, Pwcca.compute(xs, xs).similarity(), 1e-6, "PWCCA(X, X)");
            Pwcca.Result r1 = Pwcca.compute(xs, xa, 1.0);
            assertEquals(1.0, r1.similarity(), 1e-5, "PWCCA(X, X A) keeping every direction");
            assertEquals(6, r1.keptX());
            assertTrue(Cka.linear(xs, xa) < 0.99, "while CKA(X, X A) < 1");
            // Independent noise: correlations well below 1.
            NDArray noise = CkaTest.matrix(m, CkaTest.gaussian(200, 6, new Random(32)));
            assertTrue(Pwcca.compute(xs, noise).similarity() < 0.3);
        }
    }

    @Test
    void badInputIsRejected() {
        try (NDManager m = Engines.newManager()) {
            NDArray x = CkaTest.matrix(m, CkaTest.gaussian(20, 3, new Random(1)));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pwcca.compute(x, x, 0));
            assertTrue(e.getMessage().contains("(0, 1], got 0.0"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> Pwcca.compute(x, CkaTest.matrix(m, CkaTest.gaussian(21, 3, new Random(2)))));
            assertTrue(e.getMessage().contains("20 rows in x and 21 in y"), e.getMessage());
        }
    }
}
