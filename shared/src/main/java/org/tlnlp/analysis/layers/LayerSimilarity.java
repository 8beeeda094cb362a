package org.tlnlp.analysis.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.tlnlp.analysis.Cka;
import org.tlnlp.analysis.Pwcca;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;

import java.util.ArrayList;
import java.util.List;

/**
 * How alike layers are, as representations of the same words: linear CKA (Kornblith et al. 2019, {@link Cka}) layer
 * × layer within one model, layer × layer between two models that read the same {@link BrownSample} (two seeds of
 * one recipe; a pre-trained model and the same model fine-tuned), and PWCCA distance between consecutive layers
 * (Voita et al. 2019's "amount of change" per layer, {@link Pwcca}).
 *
 * <p>All comparisons use the same {@code rows} of the sample (a few thousand words are plenty: CKA's estimate
 * settles long before that), read once per layer and held while the matrix is filled.
 */
public final class LayerSimilarity {

    private LayerSimilarity() {
    }

    /** {@code count} distinct rows of {@code n}, ascending, drawn with {@code rng} (all rows when count >= n). */
    public static long[] rows(int n, int count, Rng rng) {
        if (count >= n) {
            return java.util.stream.LongStream.range(0, n).toArray();
        }
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        java.util.Collections.shuffle(all, rng.random());
        return all.subList(0, count).stream().mapToLong(Integer::longValue).sorted().toArray();
    }

    /** Linear CKA of every pair of layers of one model: (L, L), symmetric, 1 on the diagonal. */
    public static double[][] within(LayerStates states, long[] rows) {
        return between(states, states, rows);
    }

    /** Linear CKA of layer i of {@code a} with layer j of {@code b} on the same rows: (L_a, L_b). */
    public static double[][] between(LayerStates a, LayerStates b, long[] rows) {
        checkRows(a, b);
        try (NDManager m = Engines.newManager()) {
            List<NDArray> x = load(a, rows, m);
            List<NDArray> y = a == b ? x : load(b, rows, m);
            double[][] out = new double[x.size()][y.size()];
            for (int i = 0; i < x.size(); i++) {
                for (int j = 0; j < y.size(); j++) {
                    if (a == b && j < i) {
                        out[i][j] = out[j][i];
                    } else {
                        out[i][j] = a == b && i == j ? 1.0 : Cka.linear(x.get(i), y.get(j));
                    }
                }
            }
            return out;
        }
    }

    /** Linear CKA of layer l of {@code a} with layer l of {@code b}, for each l (the models have the same depth). */
    public static double[] matched(LayerStates a, LayerStates b, long[] rows) {
        checkRows(a, b);
        if (a.layers() != b.layers()) {
            throw new IllegalArgumentException(a.model() + " has " + a.layers() + " layers, " + b.model() + " " + b.layers());
        }
        double[] out = new double[a.layers()];
        for (int l = 0; l < out.length; l++) {
            try (NDManager m = Engines.newManager()) {
                out[l] = Cka.linear(a.layer(l, rows, m), b.layer(l, rows, m));
            }
        }
        return out;
    }

    /** PWCCA distance 1 − PWCCA(layer l, layer l + 1) for l = 0..L−2: how much each layer changes its input. */
    public static double[] consecutiveChange(LayerStates states, long[] rows) {
        double[] out = new double[states.layers() - 1];
        for (int l = 0; l + 1 < states.layers(); l++) {
            try (NDManager m = Engines.newManager()) {
                out[l] = Pwcca.compute(states.layer(l, rows, m), states.layer(l + 1, rows, m)).distance();
            }
        }
        return out;
    }

    private static List<NDArray> load(LayerStates s, long[] rows, NDManager m) {
        List<NDArray> out = new ArrayList<>();
        for (int l = 0; l < s.layers(); l++) {
            out.add(s.layer(l, rows, m));
        }
        return out;
    }

    private static void checkRows(LayerStates a, LayerStates b) {
        if (a.rows() != b.rows()) {
            throw new IllegalArgumentException(a.model() + " has " + a.rows() + " rows and " + b.model() + " " + b.rows()
                    + ": compare states of the same sample");
        }
    }

    /** The diagonal of a square matrix. */
    public static double[] diagonal(double[][] m) {
        return java.util.stream.IntStream.range(0, Math.min(m.length, m[0].length)).mapToDouble(i -> m[i][i]).toArray();
    }
}
