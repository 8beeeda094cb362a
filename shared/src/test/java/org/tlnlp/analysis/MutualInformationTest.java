package org.tlnlp.analysis;

import org.tlnlp.nn.HostArrays;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link MutualInformation}: the plug-in estimate against scikit-learn's {@code mutual_info_score} and against
 * joint distributions whose MI is known; the paper's estimator on representations whose information about the token
 * is known by construction.
 */
class MutualInformationTest {

    private static final JsonObject GOLDEN = Golden.load("mutual_information.json");

    @Test
    void pluginEstimateEqualsScikitLearnsAndKnownValues() {
        for (JsonObject c : Golden.objects(GOLDEN.getAsJsonArray("cases"))) {
            String name = c.get("name").getAsString();
            int[] x = Golden.ints(c.get("x"));
            int[] y = Golden.ints(c.get("y"));
            double mi = MutualInformation.nats(x, y);
            assertEquals(c.get("mi_nats").getAsDouble(), mi, 1e-12, name + ": against mutual_info_score");
            if (c.has("exact_nats")) {
                assertEquals(c.get("exact_nats").getAsDouble(), mi, 1e-12, name + ": against the exact value");
            }
            assertEquals(c.get("entropy_x_nats").getAsDouble(), MutualInformation.entropy(x), 1e-12, name + ": H(x)");
            assertEquals(mi / Math.log(2), MutualInformation.bits(x, y), 1e-12, name + ": bits");
            assertEquals(mi, MutualInformation.nats(y, x), 1e-12, name + ": symmetric");
            assertTrue(mi <= Math.min(MutualInformation.entropy(x), MutualInformation.entropy(y)) + 1e-12, name);
        }
    }

    @Test
    void identicalUniformVariablesShareLnKNats() {
        for (int k : new int[] {1, 2, 5, 64}) {
            int[] x = new int[k * 3];
            for (int i = 0; i < x.length; i++) {
                x[i] = i % k;
            }
            assertEquals(Math.log(k), MutualInformation.nats(x, x), 1e-12, "k=" + k);
            assertEquals(Math.log(k) / Math.log(2), MutualInformation.bits(x, x), 1e-12, "k=" + k);
        }
    }

    @Test
    void badInputIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MutualInformation.nats(new int[] {1, 2}, new int[] {1}));
        assertTrue(e.getMessage().contains("2 values and 1 values"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MutualInformation.nats(new int[0], new int[0]));
        assertThrows(IllegalArgumentException.class, () -> MutualInformation.entropy(new int[0]));
    }

    @Test
    void selectionTakesTheMostFrequentTypesAndAFixedNumberOfEach() {
        // Token t occurs 10 + 5t times for t = 0..9: the three most frequent with >= 20 occurrences are 9, 8, 7.
        int[] ids = corpus(new Random(1), 10, t -> 10 + 5 * t);
        MutualInformation.Selection s = MutualInformation.select(ids, 3, 20, new Rng(4));
        assertArrayEquals(new int[] {9, 8, 7}, s.tokenTypes());
        assertEquals(60, s.size());
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i = 0; i < s.size(); i++) {
            assertEquals(ids[(int) s.rows()[i]], s.tokens()[i], "token of row " + s.rows()[i]);
            counts.merge(s.tokens()[i], 1, Integer::sum);
        }
        assertEquals(Map.of(9, 20, 8, 20, 7, 20), counts);
        assertEquals(60, Arrays.stream(s.rows()).distinct().count(), "rows are drawn without replacement");
        assertArrayEquals(s.rows(), MutualInformation.select(ids, 3, 20, new Rng(4)).rows(), "same seed, same rows");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MutualInformation.select(ids, 5, 50, new Rng(4)));
        assertTrue(e.getMessage().contains("only 2 of 10 types"), e.getMessage());
    }

    @Test
    void paperEstimatorFindsAllTheInformationWhenEachTokenHasItsOwnPlace() {
        int types = 10;
        int[] ids = corpus(new Random(2), 15, t -> 300);
        float[][] centres = KMeansTest.gaussian(15, 8, 3);
        try (NDManager m = Engines.newManager()) {
            MutualInformation.Selection s = MutualInformation.select(ids, types, 200, new Rng(5));
            KMeans.Settings clustering = KMeans.Settings.of(types).withBatchSize(256).withSteps(100);

            // Each token's representation is its own well-separated point plus small noise: MI = H(token) = ln 10.
            float[][] own = representations(ids, centres, 10f, 0.1f, t -> t, new Random(6));
            double full = MutualInformation.tokenIdentity(HostArrays.matrix(m, own), s, clustering, new Rng(7));
            assertEquals(Math.log(types), full, 0.01, "a representation that identifies the token");

            // Tokens paired up (2t and 2t+1 share a place): only which pair is known, ln 5 nats.
            float[][] pairs = representations(ids, centres, 10f, 0.1f, t -> t / 2, new Random(8));
            double half = MutualInformation.tokenIdentity(HostArrays.matrix(m, pairs), s,
                    KMeans.Settings.of(5).withBatchSize(256).withSteps(100), new Rng(7));
            assertEquals(Math.log(5), half, 0.01, "a representation that identifies the pair");

            // Noise that ignores the token: only the plug-in bias, about (10 − 1)(10 − 1) / (2 · 2000) = 0.02.
            float[][] noise = representations(ids, centres, 0f, 1f, t -> 0, new Random(9));
            double none = MutualInformation.tokenIdentity(HostArrays.matrix(m, noise), s, clustering, new Rng(7));
            assertTrue(none < 0.06, "a representation that ignores the token: " + none);
        }
    }

    @Test
    void clusteredCountsSeveralLabelsOnTheSameClusters() {
        int[] ids = corpus(new Random(3), 8, t -> 100);
        float[][] centres = KMeansTest.gaussian(8, 6, 4);
        try (NDManager m = Engines.newManager()) {
            float[][] own = representations(ids, centres, 10f, 0.1f, t -> t, new Random(5));
            long[] rows = java.util.stream.LongStream.range(0, ids.length).toArray();
            int[] pair = Arrays.stream(ids).map(t -> t / 2).toArray();
            int[] unrelated = new int[ids.length];
            Random r = new Random(6);
            for (int i = 0; i < unrelated.length; i++) {
                unrelated[i] = r.nextInt(8);
            }
            double[] mi = MutualInformation.clustered(HostArrays.matrix(m, own), rows,
                    KMeans.Settings.of(8).withBatchSize(256).withSteps(100), new Rng(7), ids, pair, unrelated);
            assertEquals(Math.log(8), mi[0], 0.01, "the input itself");
            assertEquals(Math.log(4), mi[1], 0.01, "a label that is a function of the input: H(label)");
            assertTrue(mi[2] < 0.06, "a label unrelated to the input: only the plug-in bias, " + mi[2]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MutualInformation.clustered(
                    HostArrays.matrix(m, own), new long[] {0, 1}, KMeans.Settings.of(1), new Rng(7), ids));
            assertTrue(e.getMessage().contains("one label value per picked row (2)"), e.getMessage());
        }
    }

    @Test
    void settingsOfThePaperAndTheOneCallForm() {
        MutualInformation.Settings paper = MutualInformation.Settings.paper();
        assertEquals(1000, paper.tokenTypes());
        assertEquals(1000, paper.occurrences());
        assertEquals(10_000, paper.clustering().k());
        int[] ids = corpus(new Random(3), 6, t -> 50);
        float[][] reps = representations(ids, KMeansTest.gaussian(6, 4, 1), 10f, 0.1f, t -> t, new Random(4));
        try (NDManager m = Engines.newManager()) {
            MutualInformation.Settings small = new MutualInformation.Settings(4, 40,
                    KMeans.Settings.of(4).withBatchSize(64).withSteps(100));
            assertEquals(Math.log(4), MutualInformation.tokenIdentity(HostArrays.matrix(m, reps), ids, small, new Rng(1)), 0.01);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MutualInformation
                    .tokenIdentity(HostArrays.matrix(m, Arrays.copyOf(reps, 100)), ids, small, new Rng(1)));
            assertTrue(e.getMessage().contains("only 100 rows"), e.getMessage());
        }
    }

    /** A shuffled corpus in which token t occurs count(t) times. */
    private static int[] corpus(Random r, int types, java.util.function.IntUnaryOperator count) {
        int n = 0;
        for (int t = 0; t < types; t++) {
            n += count.applyAsInt(t);
        }
        int[] ids = new int[n];
        int i = 0;
        for (int t = 0; t < types; t++) {
            for (int j = 0; j < count.applyAsInt(t); j++) {
                ids[i++] = t;
            }
        }
        for (int j = n - 1; j > 0; j--) {
            int k = r.nextInt(j + 1);
            int tmp = ids[j];
            ids[j] = ids[k];
            ids[k] = tmp;
        }
        return ids;
    }

    /** Row i = scale · centre[place(token i)] + noise · N(0, I). */
    private static float[][] representations(int[] ids, float[][] centres, float scale, float noise,
                                             java.util.function.IntUnaryOperator place, Random r) {
        int d = centres[0].length;
        float[][] x = new float[ids.length][d];
        for (int i = 0; i < ids.length; i++) {
            float[] c = centres[place.applyAsInt(ids[i])];
            for (int j = 0; j < d; j++) {
                x[i][j] = scale * c[j] + noise * (float) r.nextGaussian();
            }
        }
        return x;
    }
}
