package org.tlnlp.analysis;

import org.tlnlp.nn.HostArrays;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link KMeans} against scikit-learn's KMeans and MiniBatchKMeans ({@code testdata/analysis/kmeans.json}). */
class KMeansTest {

    private static final JsonObject GOLDEN = Golden.load("kmeans.json");

    @Test
    void lloydFromTheSameCentroidsGivesScikitLearnsClusters() {
        JsonObject lloyd = GOLDEN.getAsJsonObject("lloyd");
        float[][] x = Golden.floatRows(lloyd.get("x"));
        float[][] init = Golden.floatRows(lloyd.get("init"));
        try (NDManager m = Engines.newManager()) {
            NDArray xs = HostArrays.matrix(m, x);
            NDArray start = HostArrays.matrix(m, init);
            for (JsonObject run : Golden.objects(lloyd.getAsJsonArray("runs"))) {
                int iterations = run.get("iterations").getAsInt();
                try (KMeans km = KMeans.lloyd(xs, start, iterations)) {
                    String what = iterations + " iteration(s)";
                    float[][] centroids = HostArrays.rows(km.centroids());
                    double[][] expected = Golden.doubleRows(run.get("centroids"));
                    for (int j = 0; j < expected.length; j++) {
                        for (int c = 0; c < expected[j].length; c++) {
                            assertEquals(expected[j][c], centroids[j][c], 1e-5, what + ": centroid " + j + "[" + c + "]");
                        }
                    }
                    assertArrayEquals(Golden.ints(run.get("labels")), km.clusters(xs), what + ": labels");
                    double inertia = run.get("inertia").getAsDouble();
                    assertEquals(inertia, km.inertia(xs), 1e-5 * inertia, what + ": inertia");
                    // scikit-learn stops when no label changes; so do we, one update later or at the same one.
                    assertTrue(km.steps() <= iterations, what + ": ran " + km.steps());
                }
            }
            assertArrayEquals(init, HostArrays.rows(start), "the initial centroids are not modified");
        }
    }

    @Test
    void miniBatchReachesScikitLearnsInertiaOnSeparatedBlobs() {
        JsonObject blobs = GOLDEN.getAsJsonObject("blobs");
        float[][] x = Golden.floatRows(blobs.get("x"));
        int[] blob = Golden.ints(blobs.get("blob"));
        int k = blobs.get("k").getAsInt();
        double sklearnMiniBatch = blobs.getAsJsonObject("minibatch").get("inertia").getAsDouble();
        double sklearnFull = blobs.getAsJsonObject("full").get("inertia").getAsDouble();
        try (NDManager m = Engines.newManager()) {
            NDArray xs = HostArrays.matrix(m, x);
            KMeans.Settings settings = KMeans.Settings.of(k).withBatchSize(256).withSteps(300);
            try (KMeans km = KMeans.miniBatch(xs, settings, new Rng(1))) {
                double inertia = km.inertia(xs);
                assertTrue(inertia <= 1.01 * sklearnMiniBatch,
                        "inertia " + inertia + " against scikit-learn's mini-batch " + sklearnMiniBatch);
                assertTrue(inertia >= 0.999 * sklearnFull, "below the optimum " + sklearnFull + "? " + inertia);
                // Every cluster is one blob: the clusters carry all the information the blob labels do.
                int[] clusters = km.clusters(xs);
                assertEquals(MutualInformation.entropy(blob), MutualInformation.nats(clusters, blob), 1e-9);
                assertEquals(300, km.steps());
            }
            // Lloyd from k-means++ finds the optimum scikit-learn's best of 10 runs found.
            try (KMeans full = KMeans.lloyd(xs, k, 50, KMeans.Init.K_MEANS_PLUS_PLUS, new Rng(2))) {
                assertEquals(sklearnFull, full.inertia(xs), 1e-4 * sklearnFull);
            }
        }
    }

    @Test
    void sameSeedSameClustersForBothInitialisations() {
        float[][] x = gaussian(500, 3, 11);
        try (NDManager m = Engines.newManager()) {
            NDArray xs = HostArrays.matrix(m, x);
            for (KMeans.Init init : KMeans.Init.values()) {
                KMeans.Settings s = KMeans.Settings.of(7).withBatchSize(64).withSteps(20).withInit(init);
                try (KMeans a = KMeans.miniBatch(xs, s, new Rng(9)); KMeans b = KMeans.miniBatch(xs, s, new Rng(9))) {
                    assertArrayEquals(HostArrays.rows(a.centroids()), HostArrays.rows(b.centroids()), init.name());
                }
                // Initial centroids are rows of the data.
                try (NDArray c = KMeans.initialCentroids(xs, 7, init, new Rng(4))) {
                    for (float[] row : HostArrays.rows(c)) {
                        boolean found = false;
                        for (float[] data : x) {
                            found |= java.util.Arrays.equals(row, data);
                        }
                        assertTrue(found, init + ": an initial centroid is not a row of the data");
                    }
                }
            }
        }
    }

    @Test
    void kMeansPlusPlusNeverPicksTheSameRowTwiceWhileOthersAreFarther() {
        // Three distinct points, k = 3: after the first pick the two others have D(x)² > 0 and the picked one 0.
        try (NDManager m = Engines.newManager()) {
            NDArray xs = HostArrays.matrix(m, new float[][] {{0, 0}, {10, 0}, {0, 10}});
            for (long seed = 0; seed < 20; seed++) {
                float[][] c = HostArrays.rows(KMeans.initialCentroids(xs, 3, KMeans.Init.K_MEANS_PLUS_PLUS, new Rng(seed)));
                assertTrue(!java.util.Arrays.equals(c[0], c[1]) && !java.util.Arrays.equals(c[0], c[2])
                        && !java.util.Arrays.equals(c[1], c[2]), "seed " + seed + " picked a row twice");
            }
        }
    }

    @Test
    void assignmentIsTheNearestCentroidAlsoAcrossRowBlocks() {
        // k = 4096 centroids: distances are computed 4096 rows at a time, so 5000 rows take two blocks.
        float[][] x = gaussian(5000, 4, 12);
        float[][] c = gaussian(4096, 4, 13);
        try (NDManager m = Engines.newManager()) {
            NDArray xs = HostArrays.matrix(m, x);
            try (KMeans km = KMeans.lloyd(xs, HostArrays.matrix(m, c), 0)) {
                int[] ids = km.clusters(xs);
                assertEquals(5000, ids.length);
                double inertia = 0;
                for (int i = 0; i < x.length; i += 7) {
                    int best = 0;
                    double bestD = Double.MAX_VALUE;
                    for (int j = 0; j < c.length; j++) {
                        double d = 0;
                        for (int t = 0; t < 4; t++) {
                            d += (x[i][t] - (double) c[j][t]) * (x[i][t] - (double) c[j][t]);
                        }
                        if (d < bestD) {
                            bestD = d;
                            best = j;
                        }
                    }
                    assertEquals(best, ids[i], "row " + i);
                }
                for (int i = 0; i < x.length; i++) {
                    for (int t = 0; t < 4; t++) {
                        double d = x[i][t] - (double) c[ids[i]][t];
                        inertia += d * d;
                    }
                }
                assertEquals(inertia, km.inertia(xs), 1e-4 * inertia);
            }
        }
    }

    @Test
    void analysesLeaveNothingBehindOnTheCallersManager() {
        // Long analyses over many layers must not grow the caller's manager: every temporary is freed.
        try (NDManager m = Engines.newManager()) {
            NDArray x = HostArrays.matrix(m, gaussian(300, 6, 1));
            NDArray y = HostArrays.matrix(m, gaussian(300, 4, 2));
            int[] tokens = new int[300];
            for (int i = 0; i < tokens.length; i++) {
                tokens[i] = i % 5;
            }
            int before = m.getManagedArrays().size();
            try (KMeans km = KMeans.lloyd(x, 4, 5, KMeans.Init.K_MEANS_PLUS_PLUS, new Rng(1))) {
                km.assign(x).close();
                km.clusters(x);
                km.inertia(x);
                km.assign(km.centroids()).close();
            }
            try (KMeans km = KMeans.miniBatch(x, KMeans.Settings.of(4).withBatchSize(32).withSteps(20), new Rng(1))) {
                km.inertia(x);
            }
            Cka.linear(x, y);
            Cka.linear(x, x);
            Cka.linearGram(x, y);
            Pwcca.compute(x, y);
            MutualInformation.tokenIdentity(x, tokens, new MutualInformation.Settings(5, 40,
                    KMeans.Settings.of(5).withBatchSize(32).withSteps(10)), new Rng(2));
            assertEquals(before, m.getManagedArrays().size(), "arrays left on the caller's manager");
            assertEquals(300, x.getShape().get(0), "the inputs are still usable");
            assertEquals(1800, x.onesLike().sum().getFloat(), 0);
        }
    }

    @Test
    void badInputIsRejected() {
        try (NDManager m = Engines.newManager()) {
            NDArray xs = HostArrays.matrix(m, gaussian(10, 3, 1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> KMeans.miniBatch(xs, KMeans.Settings.of(11), new Rng(1)));
            assertTrue(e.getMessage().contains("k=11 for 10 rows"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> KMeans.lloyd(xs, HostArrays.matrix(m, gaussian(2, 4, 1)), 3));
            assertTrue(e.getMessage().contains("(k, 3)") && e.getMessage().contains("(2, 4)"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> KMeans.lloyd(xs.reshape(30), 2, 1,
                    KMeans.Init.RANDOM, new Rng(1)));
            assertTrue(e.getMessage().contains("(n, d)"), e.getMessage());
            try (KMeans km = KMeans.lloyd(xs, 2, 1, KMeans.Init.RANDOM, new Rng(1))) {
                e = assertThrows(IllegalArgumentException.class, () -> km.assign(HostArrays.matrix(m, gaussian(4, 5, 2))));
                assertTrue(e.getMessage().contains("3 columns"), e.getMessage());
            }
            assertThrows(IllegalArgumentException.class, () -> KMeans.Settings.of(0));
        }
    }

    static float[][] gaussian(int n, int d, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[n][d];
        for (float[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = (float) r.nextGaussian();
            }
        }
        return x;
    }
}
