package org.tlnlp.lesson01;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.tlnlp.nn.HostArrays;
import org.tlnlp.analysis.SharedSpace;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.grading.Graded;
import org.tlnlp.lesson01.exercises.SharedSpaceProjection;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Graded tests of exercises 1.6 and 1.7. */
class SharedSpaceProjectionTest {

    private static float[][] random(int n, int d, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[n][d];
        for (float[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = (float) (r.nextGaussian() * (j + 1) + j);
            }
        }
        return x;
    }

    @Test
    @Graded(exercise = "1.6", kind = Graded.Kind.RECIPE, title = "projection into the shared space",
            hint = "Subtract the mean row first (broadcast over the rows), then multiply by the basis: (x - mean) · basis, shape (n, k).")
    void project() {
        try (NDManager m = Engines.newManager()) {
            // (x − mean) · basis by hand: rows (0, 1) and (2, 3) times (1, 0)ᵀ give 0 and 2.
            NDArray x = m.create(new float[] {1, 2, 3, 4}, new Shape(2, 2));
            NDArray mean = m.create(new float[] {1, 1});
            NDArray basis = m.create(new float[] {1, 0}, new Shape(2, 1));
            NDArray z = SharedSpaceProjection.project(x, mean, basis);
            assertEquals(new Shape(2, 1), z.getShape(), "an (n, d) input and a (d, k) basis give (n, k)");
            assertArrayEquals(new float[] {0, 2}, z.toFloatArray(), 1e-6f, "project([[1,2],[3,4]], [1,1], [[1],[0]])");

            // On a space the library fits from two domains, the same coordinates as the library's projection.
            NDArray source = HostArrays.matrix(m, random(60, 12, 1));
            NDArray target = HostArrays.matrix(m, random(40, 12, 2));
            try (SharedSpace space = SharedSpace.fit(source, target, 4, new Rng(3))) {
                NDArray mine = SharedSpaceProjection.project(target, space.mean(), space.basis());
                assertEquals(new Shape(40, 4), mine.getShape());
                assertArrayEquals(space.project(target).toFloatArray(), mine.toFloatArray(), 1e-4f);
            }
        }
    }

    @Test
    @Graded(exercise = "1.7", kind = Graded.Kind.FUNCTION, title = "per-domain standardisation",
            hint = "Each column separately: mean and standard deviation over the rows (axis 0), population variance (divide by n), and eps inside the square root.")
    void standardize() {
        try (NDManager m = Engines.newManager()) {
            // Column 0 is (1, 3): mean 2, population σ 1, so (−1, 1) / (1 + eps). Column 1 is constant: 0.
            NDArray z = m.create(new float[] {1, 10, 3, 10}, new Shape(2, 2));
            NDArray s = SharedSpaceProjection.standardize(z, 1e-3f);
            assertEquals(new Shape(2, 2), s.getShape());
            assertArrayEquals(new float[] {-1 / 1.001f, 0, 1 / 1.001f, 0}, s.toFloatArray(), 1e-6f,
                    "standardize([[1,10],[3,10]], 1e-3): σ divides by n, not n − 1");

            float[][] rows = random(200, 5, 4);
            NDArray out = SharedSpaceProjection.standardize(HostArrays.matrix(m, rows), 1e-6f);
            float[] mean = out.mean(new int[] {0}).toFloatArray();
            float[] var = out.square().mean(new int[] {0}).toFloatArray();
            for (int j = 0; j < 5; j++) {
                assertEquals(0.0, mean[j], 1e-4, "column " + j + " mean after standardising");
                assertEquals(1.0, var[j], 1e-3, "column " + j + " variance after standardising");
            }
            assertArrayEquals(SharedSpace.standardize(HostArrays.matrix(m, rows), 1e-6f).toFloatArray(), out.toFloatArray(), 1e-5f);
        }
    }
}
