package org.tlnlp.analysis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.tlnlp.engine.Rng;

import java.util.Random;

/**
 * k-means clustering of the rows of an (n, d) NDArray: k centroids μ₁..μₖ that make the inertia
 *
 * <pre>
 *   J = Σᵢ minⱼ ‖xᵢ − μⱼ‖²
 * </pre>
 *
 * small. Two ways to get them:
 *
 * <ul>
 *   <li>{@link #lloyd}, Lloyd's algorithm (Lloyd, 1982, "Least squares quantization in PCM"): assign every row to
 *       its nearest centroid, move every centroid to the mean of its rows, repeat. Each step cannot raise J. Exact
 *       and simple; each iteration reads all n rows. It is what the tests compare with scikit-learn's
 *       {@code KMeans(algorithm="lloyd")}: same data and same initial centroids give the same clusters.</li>
 *   <li>{@link #miniBatch}, mini-batch k-means (Sculley, 2010, "Web-Scale K-Means Clustering", WWW): each step
 *       assigns only b random rows and moves each centroid towards its new rows with a per-centroid learning rate
 *       1/v, where v counts every row the centroid has ever been given; so each centroid is the running mean of
 *       all rows assigned to it so far. Steps cost b·k·d instead of n·k·d, so millions of token
 *       representations can be clustered into thousands of clusters, as Voita, Sennrich and Titov (2019) do to
 *       estimate mutual information (see {@link MutualInformation#tokenIdentity}).</li>
 * </ul>
 *
 * <p>Initial centroids come from {@link Init#K_MEANS_PLUS_PLUS} (the default) or {@link Init#RANDOM}, drawn from
 * the seeded {@link Rng}, so a run can be repeated. All arithmetic with the data runs on the engine (distances as
 * ‖x‖² − 2x·μ + ‖μ‖², a matrix product; centroid sums as a one-hot matrix times the rows), in blocks of rows so
 * that an (n, k) distance matrix never exists whole; only cluster counts and one random draw per k-means++ step
 * come back to the host. The data's own type is kept: float32 rows give float32 centroids. The one-hot product
 * costs as much as the distances; a scatter-add would halve the work, but DJL has no portable one.
 */
public final class KMeans implements AutoCloseable {

    /** How the first centroids are chosen. */
    public enum Init {
        /**
         * k-means++ (Arthur and Vassilvitskii, 2007, "k-means++: The Advantages of Careful Seeding"): the first
         * centroid is a row drawn uniformly, each next one a row drawn with probability proportional to D(x)², its
         * squared distance to the nearest centroid chosen so far. Spreads the centroids out; the expected inertia
         * is within O(log k) of the optimum before any iteration.
         */
        K_MEANS_PLUS_PLUS,
        /** k distinct rows drawn uniformly (Forgy's method, and Sculley's). Cheaper, more easily stuck. */
        RANDOM
    }

    /**
     * Settings of {@link #miniBatch}.
     *
     * @param k          the number of clusters
     * @param batchSize  rows per step, b (Sculley uses 1,000; scikit-learn's default is 1,024)
     * @param steps      how many mini-batches; a fixed number, so that a run does not depend on a tolerance
     * @param init       how the first centroids are chosen
     * @param initSample how many distinct random rows the initialisation looks at (k-means++ over millions of rows
     *                   would cost k passes over all of them); 0 means max(3b, 3k), scikit-learn's choice
     */
    public record Settings(int k, int batchSize, int steps, Init init, int initSample) {

        public Settings {
            if (k < 1 || batchSize < 1 || steps < 0 || initSample < 0) {
                throw new IllegalArgumentException("expected k >= 1, batchSize >= 1, steps >= 0, initSample >= 0, got k="
                        + k + ", batchSize=" + batchSize + ", steps=" + steps + ", initSample=" + initSample);
            }
            if (init == null) {
                throw new IllegalArgumentException("an initialisation is required");
            }
        }

        /** k clusters, batches of 1,024, 100 steps, k-means++ on max(3b, 3k) rows. */
        public static Settings of(int k) {
            return new Settings(k, 1024, 100, Init.K_MEANS_PLUS_PLUS, 0);
        }

        public Settings withBatchSize(int b) {
            return new Settings(k, b, steps, init, initSample);
        }

        public Settings withSteps(int s) {
            return new Settings(k, batchSize, s, init, initSample);
        }

        public Settings withInit(Init i) {
            return new Settings(k, batchSize, steps, i, initSample);
        }

        public Settings withInitSample(int m) {
            return new Settings(k, batchSize, steps, init, m);
        }
    }

    /** Distance blocks hold at most this many elements (64 MB of float32). */
    private static final long BLOCK_ELEMENTS = 1L << 24;

    private final NDArray centroids;
    private final int steps;

    private KMeans(NDArray centroids, int steps) {
        this.centroids = centroids;
        this.steps = steps;
    }

    /**
     * Lloyd's algorithm from given initial centroids, for exactly {@code iterations} updates (it stops early only
     * when no row changes cluster, where further updates would change nothing). A centroid that loses all its rows
     * stays where it was (scikit-learn moves it to a far-away row instead; the tests keep every cluster occupied).
     *
     * @param x       (n, d) rows
     * @param initial (k, d) starting centroids; not modified
     */
    public static KMeans lloyd(NDArray x, NDArray initial, int iterations) {
        checkRows(x);
        checkInitial(x, initial);
        if (iterations < 0) {
            throw new IllegalArgumentException("expected iterations >= 0, got " + iterations);
        }
        NDManager home = x.getManager();
        NDArray c = initial.toType(x.getDataType(), true);
        c.attach(home);
        int k = (int) c.getShape().get(0);
        NDArray labels = null;
        int done = 0;
        for (int it = 0; it < iterations; it++) {
            NDArray previousCentroids = c;
            NDArray previousLabels = labels;
            boolean converged = false;
            // Every temporary of this iteration lands in `scope` (the inputs are attached to it for the while)
            // and is freed with it; only the new centroids and labels are kept.
            try (NDManager scope = home.newSubManager()) {
                Scopes.borrow(scope, x, c, labels);
                NDArray assigned = assign(x, c);
                if (labels != null && labels.contentEquals(assigned)) {
                    converged = true; // nothing moved: every further update would give the same centroids
                } else {
                    NDArray[] sumsAndCounts = clusterSums(x, assigned, k);
                    NDArray counts = sumsAndCounts[1].reshape(k, 1);
                    NDArray means = sumsAndCounts[0].div(counts.maximum(1));
                    // Occupied clusters move to their mean; an empty one (count 0) keeps its centroid.
                    NDArray occupied = counts.gt(0).toType(x.getDataType(), false);
                    NDArray next = means.mul(occupied).add(c.mul(occupied.neg().add(1)));
                    next.attach(home);
                    assigned.attach(home);
                    c = next;
                    labels = assigned;
                    done++;
                }
            }
            if (converged) {
                break;
            }
            previousCentroids.close();
            if (previousLabels != null) {
                previousLabels.close();
            }
        }
        if (labels != null) {
            labels.close();
        }
        return new KMeans(c, done);
    }

    /** Lloyd's algorithm from {@code init} centroids drawn with {@code rng}. */
    public static KMeans lloyd(NDArray x, int k, int iterations, Init init, Rng rng) {
        checkRows(x);
        try (NDArray initial = initialCentroids(x, k, init, rng)) {
            return lloyd(x, initial, iterations);
        }
    }

    /**
     * Mini-batch k-means, Sculley (2010), Algorithm 1. Each step draws b rows uniformly with replacement, finds
     * each row's nearest centroid with the centroids as they were at the start of the step, and then, for each
     * centroid c given m of the rows with sum s, updates
     *
     * <pre>
     *   v_c ← v_c + m,    μ_c ← μ_c + (s − m·μ_c) / v_c
     * </pre>
     *
     * which is exactly Sculley's per-row update μ ← (1 − η)μ + ηx with η = 1/v applied to those m rows one after
     * another, done at once for the whole batch. A centroid never chosen keeps its initial place.
     */
    public static KMeans miniBatch(NDArray x, Settings settings, Rng rng) {
        checkRows(x);
        long n = x.getShape().get(0);
        int k = settings.k();
        if (k > n) {
            throw new IllegalArgumentException("expected k <= the number of rows, got k=" + k + " for " + n + " rows");
        }
        NDManager home = x.getManager();
        Random random = rng.random();
        int sample = settings.initSample() > 0 ? settings.initSample()
                : Math.max(3 * settings.batchSize(), 3 * k);
        sample = (int) Math.min(Math.max(sample, k), n);
        NDArray initial;
        Rng initRng = new Rng(random.nextLong());
        if (sample < n) {
            try (NDManager scope = home.newSubManager()) {
                NDArray rows = rows(x, distinct(random, n, sample), scope);
                initial = initialCentroids(rows, k, settings.init(), initRng);
                initial.attach(home);
            }
        } else {
            initial = initialCentroids(x, k, settings.init(), initRng);
        }
        try {
            return miniBatch(x, initial, settings.batchSize(), settings.steps(), new Rng(random.nextLong()));
        } finally {
            initial.close();
        }
    }

    /**
     * Mini-batch k-means from given initial centroids (as {@link #lloyd(NDArray, NDArray, int)} takes them), with
     * {@code batchSize} rows per step for {@code steps} steps. {@code initial} is not modified.
     */
    public static KMeans miniBatch(NDArray x, NDArray initial, int batchSize, int steps, Rng rng) {
        checkRows(x);
        checkInitial(x, initial);
        if (batchSize < 1 || steps < 0) {
            throw new IllegalArgumentException("expected batchSize >= 1 and steps >= 0, got " + batchSize + " and " + steps);
        }
        long n = x.getShape().get(0);
        NDManager home = x.getManager();
        Random random = rng.random();
        int k = (int) initial.getShape().get(0);
        NDArray c = initial.toType(x.getDataType(), true);
        c.attach(home);
        NDArray counts = home.zeros(new Shape(k, 1), x.getDataType());
        for (int step = 0; step < steps; step++) {
            long[] picks = new long[batchSize];
            for (int i = 0; i < picks.length; i++) {
                picks[i] = (long) (random.nextDouble() * n);
            }
            NDArray previousCentroids = c;
            NDArray previousCounts = counts;
            try (NDManager scope = home.newSubManager()) {
                Scopes.borrow(scope, c, counts);
                NDArray batch = rows(x, picks, scope);
                NDArray[] sumsAndCounts = clusterSums(batch, assign(batch, c), k);
                NDArray m = sumsAndCounts[1].reshape(k, 1);
                NDArray v = counts.add(m);
                // (s − m·μ) / v where the centroid got rows; elsewhere s = m = 0 and v may be 0, so divide by 1.
                NDArray next = c.add(sumsAndCounts[0].sub(c.mul(m)).div(v.maximum(1)));
                next.attach(home);
                v.attach(home);
                c = next;
                counts = v;
            }
            previousCentroids.close();
            previousCounts.close();
        }
        counts.close();
        return new KMeans(c, steps);
    }

    /** k initial centroids, as a new (k, d) array on x's manager, drawn from the rows of {@code x} by {@code init}. */
    public static NDArray initialCentroids(NDArray x, int k, Init init, Rng rng) {
        checkRows(x);
        long n = x.getShape().get(0);
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("expected 1 <= k <= the number of rows, got k=" + k + " for " + n + " rows");
        }
        if (init == null) {
            throw new IllegalArgumentException("an initialisation is required");
        }
        Random random = rng.random();
        NDManager home = x.getManager();
        if (init == Init.RANDOM) {
            return rows(x, distinct(random, n, k), home);
        }
        long[] chosen = new long[k];
        chosen[0] = (long) (random.nextDouble() * n);
        try (NDManager scope = home.newSubManager()) {
            // D(x)² in float64: its running sum decides which row is drawn.
            NDArray xs = x.toType(DataType.FLOAT64, true);
            xs.attach(scope);
            NDArray nearest = squaredDistancesTo(xs, chosen[0], scope);
            for (int j = 1; j < k; j++) {
                long pick;
                try (NDManager step = scope.newSubManager()) {
                    Scopes.borrow(step, nearest);
                    double total = nearest.sum().getDouble();
                    if (total > 0) {
                        // The first row where the running sum of D(x)² exceeds u·ΣD(x)², u uniform in [0, 1).
                        double u = random.nextDouble() * total;
                        pick = Math.min(nearest.cumSum().lte(u).sum().getLong(), n - 1);
                    } else {
                        pick = (long) (random.nextDouble() * n); // fewer distinct rows than k: any row will do
                    }
                }
                chosen[j] = pick;
                NDArray d = squaredDistancesTo(xs, pick, scope);
                NDArray closer = nearest.minimum(d);
                nearest.close();
                d.close();
                nearest = closer;
            }
        }
        return rows(x, chosen, home);
    }

    /** The (k, d) centroids. */
    public NDArray centroids() {
        return centroids;
    }

    public int k() {
        return (int) centroids.getShape().get(0);
    }

    /** How many updates ran: Lloyd iterations (fewer than asked when it converged) or mini-batch steps. */
    public int steps() {
        return steps;
    }

    /** The index of each row's nearest centroid, an int64 array of shape (n) on x's manager; ties go to the lower index. */
    public NDArray assign(NDArray x) {
        checkColumns(x);
        NDManager home = x.getManager();
        try (NDManager scope = home.newSubManager()) {
            Scopes.borrow(scope, x, centroids);
            NDArray ids = assign(x, centroids.toType(x.getDataType(), false));
            ids.attach(home);
            return ids;
        }
    }

    /** {@link #assign} copied to the host. */
    public int[] clusters(NDArray x) {
        try (NDArray a = assign(x); NDArray ints = a.toType(DataType.INT32, false)) {
            return ints.toIntArray();
        }
    }

    /** The inertia Σᵢ minⱼ ‖xᵢ − μⱼ‖² of the rows {@code x} under these centroids. */
    public double inertia(NDArray x) {
        checkColumns(x);
        long n = x.getShape().get(0);
        long block = blockRows(k());
        double total = 0;
        try (NDManager scope = x.getManager().newSubManager()) {
            Scopes.borrow(scope, x, centroids);
            NDArray c = centroids.toType(x.getDataType(), false);
            NDArray ct = c.transpose().mul(-2);
            NDArray cc = c.square().sum(new int[] {1}).reshape(1, -1);
            for (long start = 0; start < n; start += block) {
                try (NDManager blockScope = scope.newSubManager()) {
                    NDArray xb = x.get(new NDIndex("{}:{}", start, Math.min(n, start + block)));
                    xb.attach(blockScope);
                    NDArray nearest = partialDistances(xb, ct, cc).min(new int[] {1});
                    NDArray squared = nearest.add(xb.square().sum(new int[] {1})).maximum(0);
                    total += squared.toType(DataType.FLOAT64, false).sum().getDouble();
                }
            }
        }
        return total;
    }

    @Override
    public void close() {
        centroids.close();
    }

    /** Nearest centroid per row, block by block; the result lands on x's manager, temporaries are freed. */
    private static NDArray assign(NDArray x, NDArray c) {
        long n = x.getShape().get(0);
        long block = blockRows(c.getShape().get(0));
        NDManager manager = x.getManager();
        NDList parts = new NDList();
        try (NDManager scope = manager.newSubManager()) {
            NDArray ct = c.transpose().mul(-2);
            ct.attach(scope);
            NDArray cc = c.square().sum(new int[] {1}).reshape(1, -1);
            cc.attach(scope);
            for (long start = 0; start < n; start += block) {
                try (NDManager blockScope = scope.newSubManager()) {
                    NDArray xb = block >= n ? x : x.get(new NDIndex("{}:{}", start, Math.min(n, start + block)));
                    if (xb != x) {
                        xb.attach(blockScope);
                    }
                    NDArray d = partialDistances(xb, ct, cc);
                    d.attach(blockScope);
                    NDArray ids = d.argMin(1);
                    ids.attach(scope);
                    parts.add(ids);
                }
            }
            NDArray all = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts);
            all.attach(manager);
            return all;
        }
    }

    /**
     * ‖μⱼ‖² − 2 xᵢ·μⱼ for every row and centroid: the squared distance less ‖xᵢ‖², which does not change which
     * centroid is nearest. One matrix product, so it runs at the engine's matmul speed.
     *
     * @param ct the centroids transposed and times −2, (d, k): the −2 rides along in the product for free
     * @param cc their squared norms, (1, k)
     */
    private static NDArray partialDistances(NDArray x, NDArray ct, NDArray cc) {
        return x.matMul(ct).addi(cc);
    }

    /** ‖xᵢ − x_row‖² for every row i, shape (n), on {@code manager}; temporaries are freed. */
    private static NDArray squaredDistancesTo(NDArray x, long row, NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            Scopes.borrow(scope, x);
            NDArray d = x.sub(x.get(row)).square().sum(new int[] {1});
            d.attach(manager);
            return d;
        }
    }

    /**
     * Per cluster: the sum of its rows (k, d) and how many rows it has (k), as one-hot(labels)ᵀ · x, block by
     * block; both land on x's manager.
     */
    private static NDArray[] clusterSums(NDArray x, NDArray labels, int k) {
        long n = x.getShape().get(0);
        long block = blockRows(k);
        NDManager manager = x.getManager();
        NDArray sums = manager.zeros(new Shape(k, x.getShape().get(1)), x.getDataType());
        NDArray counts = manager.zeros(new Shape(k), x.getDataType());
        NDArray clusters = manager.arange(0, k, 1, labels.getDataType()).reshape(1, k);
        for (long start = 0; start < n; start += block) {
            try (NDManager scope = manager.newSubManager()) {
                NDIndex rows = new NDIndex("{}:{}", start, Math.min(n, start + block));
                NDArray xb = x.get(rows);
                xb.attach(scope);
                NDArray lb = labels.get(rows);
                lb.attach(scope);
                // Row i of the one-hot matrix has its 1 in column labels[i]. (Built by comparison: DJL's oneHot
                // took about twice as long on PyTorch's CPU engine.)
                NDArray oneHot = lb.reshape(-1, 1).eq(clusters).toType(x.getDataType(), false);
                sums.addi(oneHot.transpose().matMul(xb));
                counts.addi(oneHot.sum(new int[] {0}));
            }
        }
        clusters.close();
        return new NDArray[] {sums, counts};
    }

    private static long blockRows(long k) {
        return Math.max(1, BLOCK_ELEMENTS / Math.max(1, k));
    }

    /** The rows of x at the given indices, as a new array on {@code manager}. */
    static NDArray rows(NDArray x, long[] indices, NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray index = scope.create(indices).toDevice(x.getDevice(), false);
            index.attach(scope);
            NDArray picked = x.get(index);
            picked.attach(manager);
            return picked;
        }
    }

    /** m distinct indices in [0, n), uniformly (Floyd's algorithm: m draws, whatever n is). */
    static long[] distinct(Random random, long n, int m) {
        java.util.LinkedHashSet<Long> chosen = new java.util.LinkedHashSet<>();
        for (long j = n - m; j < n; j++) {
            long t = (long) (random.nextDouble() * (j + 1));
            if (!chosen.add(t)) {
                chosen.add(j);
            }
        }
        return chosen.stream().mapToLong(Long::longValue).toArray();
    }

    private static void checkInitial(NDArray x, NDArray initial) {
        if (initial == null || initial.getShape().dimension() != 2 || initial.getShape().get(0) < 1
                || initial.getShape().get(1) != x.getShape().get(1)) {
            throw new IllegalArgumentException("expected initial centroids of shape (k, " + x.getShape().get(1)
                    + ") for rows of shape " + x.getShape() + ", got " + (initial == null ? "null" : initial.getShape()));
        }
    }

    private void checkColumns(NDArray x) {
        checkRows(x);
        if (x.getShape().get(1) != centroids.getShape().get(1)) {
            throw new IllegalArgumentException("expected rows of " + centroids.getShape().get(1)
                    + " columns, as the centroids have, got shape " + x.getShape());
        }
    }

    private static void checkRows(NDArray x) {
        if (x == null) {
            throw new IllegalArgumentException("expected an (n, d) array of rows, got null");
        }
        Shape s = x.getShape();
        if (s.dimension() != 2 || s.get(0) < 1 || s.get(1) < 1) {
            throw new IllegalArgumentException("expected an (n, d) array of rows with n, d >= 1, got shape " + s);
        }
    }
}
