package org.tlnlp.analysis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.tlnlp.engine.Rng;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Mutual information between discrete variables, and the estimator Voita, Sennrich and Titov (2019, "The Bottom-up
 * Evolution of Representations in the Transformer: A Study with Machine Translation and Language Modeling
 * Objectives", EMNLP, arXiv:1909.01380) use to follow how much a layer's token representations still say about
 * the token they stand for.
 *
 * <p>For paired observations (xᵢ, yᵢ), i = 1..n, with joint counts n_xy and marginal counts n_x, n_y, the plug-in
 * (maximum-likelihood) estimate is the mutual information of the empirical joint distribution:
 *
 * <pre>
 *   I(X; Y) = Σ_{x,y} p(x, y) ln( p(x, y) / (p(x) p(y)) ) = Σ_{x,y} (n_xy / n) ln( n · n_xy / (n_x n_y) )
 * </pre>
 *
 * in nats (divide by ln 2 for bits; Cover and Thomas, "Elements of Information Theory", 2.3). It is 0 exactly when
 * the joint counts factor into their marginals, at most min(H(X), H(Y)), and ln k for two copies of a variable
 * uniform over k values. Equal to scikit-learn's {@code mutual_info_score}. The plug-in estimate is biased upwards
 * by about (K_X − 1)(K_Y − 1) / 2n for independent variables with K_X and K_Y values (Miller, 1955), which is why
 * the paper's estimator below fixes the number of samples and of values and compares layers with each other
 * rather than reading a single number on its own.
 *
 * <p>Counting is a histogram over integer pairs, done on the host in one pass; the expensive part of the paper's
 * estimator, clustering the representations, runs on the engine ({@link KMeans}).
 */
public final class MutualInformation {

    private MutualInformation() {
    }

    /** I(X; Y) in nats from paired observations; the values are labels only (any ints, compared for equality). */
    public static double nats(int[] x, int[] y) {
        if (x == null || y == null || x.length != y.length || x.length == 0) {
            throw new IllegalArgumentException("expected two non-empty arrays of paired observations of equal length, got "
                    + (x == null ? "null" : x.length + " values") + " and " + (y == null ? "null" : y.length + " values"));
        }
        int[] xs = dense(x);
        int[] ys = dense(y);
        int kx = max(xs) + 1;
        int ky = max(ys) + 1;
        long[] nx = new long[kx];
        long[] ny = new long[ky];
        Map<Long, long[]> joint = new HashMap<>();
        for (int i = 0; i < xs.length; i++) {
            nx[xs[i]]++;
            ny[ys[i]]++;
            joint.computeIfAbsent((long) xs[i] * ky + ys[i], key -> new long[1])[0]++;
        }
        double n = xs.length;
        double mi = 0;
        for (Map.Entry<Long, long[]> e : joint.entrySet()) {
            int a = (int) (e.getKey() / ky);
            int b = (int) (e.getKey() % ky);
            double nab = e.getValue()[0];
            mi += nab / n * Math.log(n * nab / ((double) nx[a] * ny[b]));
        }
        // Rounding can leave −1e-16 where the true value is 0; MI is never negative.
        return Math.max(0.0, mi);
    }

    /** I(X; Y) in bits. */
    public static double bits(int[] x, int[] y) {
        return nats(x, y) / Math.log(2);
    }

    /** The plug-in entropy H(X) = −Σ_x p(x) ln p(x) in nats; I(X; X) = H(X). */
    public static double entropy(int[] x) {
        if (x == null || x.length == 0) {
            throw new IllegalArgumentException("expected at least one observation, got " + (x == null ? "null" : "none"));
        }
        int[] xs = dense(x);
        long[] counts = new long[max(xs) + 1];
        for (int v : xs) {
            counts[v]++;
        }
        double n = xs.length;
        double h = 0;
        for (long c : counts) {
            h -= c / n * Math.log(c / n);
        }
        return Math.max(0.0, h);
    }

    // ------------------------------------------------------------------------------------------------------------
    // The paper's estimator

    /**
     * Which token occurrences the estimate uses: {@code rows} index the rows of every layer's representation
     * matrix (one row per token occurrence, in corpus order), {@code tokens} holds the token id of each picked row.
     *
     * @param rows       picked rows, ascending
     * @param tokens     the token id of each picked row
     * @param tokenTypes the distinct token ids kept, most frequent first
     */
    public record Selection(long[] rows, int[] tokens, int[] tokenTypes) {

        public int size() {
            return rows.length;
        }
    }

    /**
     * Settings of the token-identity estimator.
     *
     * @param tokenTypes  how many token types to keep: the most frequent ones with at least {@code occurrences}
     *                    occurrences
     * @param occurrences how many occurrences of each kept type to use, drawn at random without replacement, so
     *                    that every kept type is equally likely and H(token) = ln(tokenTypes)
     * @param clustering  how the representations are discretised (mini-batch k-means, its k)
     */
    public record Settings(int tokenTypes, int occurrences, KMeans.Settings clustering) {

        public Settings {
            if (tokenTypes < 1 || occurrences < 1 || clustering == null) {
                throw new IllegalArgumentException("expected tokenTypes >= 1, occurrences >= 1 and clustering settings, got "
                        + tokenTypes + ", " + occurrences + ", " + clustering);
            }
        }

        /**
         * The paper's scale, as far as it can be checked: the 1,000 most frequent token types, 1,000 occurrences of
         * each (a million representations per layer) and 10,000 clusters. <b>Where these numbers come from.</b>
         * The authors' post on the paper (lena-voita.github.io, "Evolution of Representations in the Transformer")
         * describes what is measured (see {@link #clustered}) but leaves the estimator's numbers to the paper;
         * the three numbers here are those of an independent public re-implementation of the paper (scikit-learn's
         * {@code MiniBatchKMeans(n_clusters=10000)} with its defaults, then {@code mutual_info_score}), not a
         * quotation of the paper, whose method section we could not read while writing this. The clustering's
         * length is ours: 1,000 steps of 1,024 rows, about one pass over the million rows (scikit-learn's default
         * runs up to 100 passes and stops early when the inertia stops improving). Every number is a setting; the
         * course's labs use far smaller ones (a few thousand Brown occurrences) and say so in their reports.
         */
        public static Settings paper() {
            return new Settings(1000, 1000, KMeans.Settings.of(10_000).withSteps(1000));
        }
    }

    /**
     * Picks the occurrences the estimate uses: the {@code tokenTypes} most frequent token ids among those with at
     * least {@code occurrences} occurrences (ties by the smaller id), and {@code occurrences} random occurrences of
     * each. Pick once and use the same selection for every layer, so that layers are compared on the same tokens.
     *
     * @param tokenIds the token id of every row of the representation matrices
     */
    public static Selection select(int[] tokenIds, int tokenTypes, int occurrences, Rng rng) {
        if (tokenIds == null || tokenIds.length == 0) {
            throw new IllegalArgumentException("expected the token id of every representation row, got none");
        }
        if (tokenTypes < 1 || occurrences < 1) {
            throw new IllegalArgumentException("expected tokenTypes >= 1 and occurrences >= 1, got " + tokenTypes
                    + " and " + occurrences);
        }
        Map<Integer, List<Integer>> where = new HashMap<>();
        for (int i = 0; i < tokenIds.length; i++) {
            where.computeIfAbsent(tokenIds[i], t -> new ArrayList<>()).add(i);
        }
        List<Integer> eligible = new ArrayList<>();
        for (Map.Entry<Integer, List<Integer>> e : where.entrySet()) {
            if (e.getValue().size() >= occurrences) {
                eligible.add(e.getKey());
            }
        }
        eligible.sort(Comparator.<Integer>comparingInt(t -> -where.get(t).size()).thenComparingInt(t -> t));
        if (eligible.size() < tokenTypes) {
            throw new IllegalArgumentException("expected " + tokenTypes + " token types with at least " + occurrences
                    + " occurrences each, but only " + eligible.size() + " of " + where.size()
                    + " types occur that often in " + tokenIds.length + " rows; use more text or lower the settings");
        }
        Random random = rng.random();
        int[] types = new int[tokenTypes];
        long[] rows = new long[tokenTypes * occurrences];
        int r = 0;
        for (int j = 0; j < tokenTypes; j++) {
            types[j] = eligible.get(j);
            List<Integer> at = where.get(types[j]);
            for (long pick : KMeans.distinct(random, at.size(), occurrences)) {
                rows[r++] = at.get((int) pick);
            }
        }
        Arrays.sort(rows);
        int[] tokens = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            tokens[i] = tokenIds[(int) rows[i]];
        }
        return new Selection(rows, tokens, types);
    }

    /**
     * The paper's estimate of the mutual information between a layer's token representations and the input token
     * identity, in nats: cluster the selected rows of {@code representations} with mini-batch k-means (Sculley,
     * 2010) and take the plug-in I(cluster; token) of the selected occurrences. Discretising turns a continuous
     * representation into a variable with k values whose MI with the token can be counted; with a balanced
     * selection (the same number of occurrences per type) the largest possible value is ln(types).
     *
     * <p>This is the first of the paper's two experiments ("MI with input", the authors' post): every model reads
     * the text as at test time, a masked LM "without masking out tokens". The second one, MI with the input and
     * with the output label, is {@link #clustered} with two labels on the same clusters.
     *
     * @param representations (n, d): one row per token occurrence, the same rows {@code selection} was made from
     * @param selection       from {@link #select}
     * @param clustering      k-means settings; k must not exceed the selection's size
     */
    public static double tokenIdentity(NDArray representations, Selection selection, KMeans.Settings clustering,
                                       Rng rng) {
        if (representations == null || representations.getShape().dimension() != 2) {
            throw new IllegalArgumentException("expected (n, d) representations, one row per token occurrence, got "
                    + (representations == null ? "null" : representations.getShape()));
        }
        long n = representations.getShape().get(0);
        long last = selection.rows()[selection.size() - 1];
        if (last >= n) {
            throw new IllegalArgumentException("the selection picks row " + last + " but the representations have only "
                    + n + " rows; select from the token ids of these very rows");
        }
        return clustered(representations, selection.rows(), clustering, rng, selection.tokens())[0];
    }

    /**
     * The estimator with any label: cluster the rows {@code rows} of {@code representations} with mini-batch k-means
     * and return the plug-in I(cluster; label) in nats for each array of {@code labels} (each holding one value per
     * picked row), all on the same clusters.
     *
     * <p>Voita, Sennrich and Titov use it with two labels (the authors' post on the paper): the <b>input</b> token
     * and the <b>output label</b> the model predicts from that position — the next token for a left-to-right
     * language model; for a masked one, data is formed "as in training, masking or replacing a fraction of tokens",
     * and only "the examples where input and output are different" are kept, the output label being the original
     * token. Their finding: the MI with the input falls with depth while the MI with the output rises.
     *
     * @param representations (n, d): one row per occurrence
     * @param rows            the occurrences to use (e.g. a {@link Selection}'s rows)
     * @param labels          for each label, its value at each picked row
     */
    public static double[] clustered(NDArray representations, long[] rows, KMeans.Settings clustering, Rng rng,
                                     int[]... labels) {
        if (representations == null || representations.getShape().dimension() != 2) {
            throw new IllegalArgumentException("expected (n, d) representations, one row per occurrence, got "
                    + (representations == null ? "null" : representations.getShape()));
        }
        for (int[] l : labels) {
            if (l.length != rows.length) {
                throw new IllegalArgumentException("expected one label value per picked row (" + rows.length + "), got "
                        + l.length);
            }
        }
        long n = representations.getShape().get(0);
        for (long r : rows) {
            if (r < 0 || r >= n) {
                throw new IllegalArgumentException("row " + r + " picked from representations of " + n + " rows");
            }
        }
        try (NDManager scope = representations.getManager().newSubManager()) {
            NDArray picked = KMeans.rows(representations, rows, scope);
            try (KMeans km = KMeans.miniBatch(picked, clustering, rng)) {
                int[] clusters = km.clusters(picked);
                double[] out = new double[labels.length];
                for (int i = 0; i < labels.length; i++) {
                    out[i] = nats(clusters, labels[i]);
                }
                return out;
            }
        }
    }

    /** {@link #select} with the settings' counts, then {@link #tokenIdentity}. */
    public static double tokenIdentity(NDArray representations, int[] tokenIds, Settings settings, Rng rng) {
        Selection selection = select(tokenIds, settings.tokenTypes(), settings.occurrences(), rng.split("selection"));
        return tokenIdentity(representations, selection, settings.clustering(), rng.split("clustering"));
    }

    /** Relabels arbitrary ints as 0..K−1 in order of first appearance. */
    private static int[] dense(int[] values) {
        Map<Integer, Integer> ids = new HashMap<>();
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = ids.computeIfAbsent(values[i], v -> ids.size());
        }
        return out;
    }

    private static int max(int[] v) {
        int m = 0;
        for (int x : v) {
            m = Math.max(m, x);
        }
        return m;
    }
}
