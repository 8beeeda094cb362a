package org.tlnlp.analysis.layers;

import ai.djl.ndarray.NDManager;
import org.tlnlp.analysis.MutualInformation;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Mutual information between each layer's word vectors and a label of the word, estimated as Voita, Sennrich and
 * Titov (2019) estimate it ({@link MutualInformation#clustered}, here layer by layer): pick a balanced set of occurrences (the most
 * frequent label values, the same number of occurrences of each), discretise each layer's vectors of those
 * occurrences with mini-batch k-means, and count the plug-in I(cluster; label) in nats.
 *
 * <p>The labels the course uses: the input word itself ("MI with the input token"), and the output label — the next
 * word for a left-to-right language model, the original word for a masked one read at corrupted positions
 * ({@link WordCorruption}). One selection and one clustering per layer serve every label passed together, so the
 * input and output curves of one experiment are measured on the same clusters, as in the paper's figure.
 *
 * <p>Two numbers go with each curve, because a plug-in MI on a few thousand occurrences is not a small-sample-free
 * quantity: the <b>ceiling</b> H(label) over the selection (the MI of a layer that identifies the label), and the
 * <b>chance level</b>, the same MI with the labels shuffled across the selected occurrences (what a clustering
 * unrelated to the label scores: the estimator's upward bias, about (K_label − 1)(k − 1)/(2n) nats). A layer says
 * something about the label only as far as its value exceeds the chance level.
 */
public final class LayerMutualInformation {

    private LayerMutualInformation() {
    }

    /** One label's MI per layer (nats), the chance level per layer, and the ceiling H(label) over the selection. */
    public record Curve(String label, double[] nats, double[] chance, double ceiling) {
    }

    /**
     * The curves of one experiment.
     *
     * @param layers    the layers' names
     * @param rows      occurrences used (types × occurrences)
     * @param types     label values kept (the most frequent)
     * @param k         clusters per layer
     * @param curves    one per label, in the order given
     * @param seconds   time spent clustering and counting
     */
    public record Result(List<String> layers, int rows, int types, int k, List<Curve> curves, double seconds) {

        public Curve curve(String label) {
            return curves.stream().filter(c -> c.label().equals(label)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no curve '" + label + "' in " + curves.stream().map(Curve::label).toList()));
        }
    }

    /**
     * The experiment: occurrences balanced on {@code balanceOn} (rows where it is negative, such as the missing next
     * word at a sentence's end, are never picked), one clustering per layer, MI with each of {@code labels}.
     *
     * @param states    the layers (row i is occurrence i)
     * @param balanceOn the label whose most frequent values are kept, the same number of occurrences each
     * @param labels    name → one value per row of {@code states}
     * @param settings  how many values and occurrences, and the clustering
     */
    public static Result of(LayerStates states, int[] balanceOn, Map<String, int[]> labels,
                            MutualInformation.Settings settings, Rng rng) {
        long t0 = System.nanoTime();
        if (balanceOn.length != states.rows()) {
            throw new IllegalArgumentException("expected one label per row (" + states.rows() + "), got " + balanceOn.length);
        }
        labels.forEach((name, v) -> {
            if (v.length != states.rows()) {
                throw new IllegalArgumentException("label '" + name + "' has " + v.length + " values for " + states.rows() + " rows");
            }
        });
        // Select among the rows that have a label to balance on.
        int[] eligible = java.util.stream.IntStream.range(0, balanceOn.length).filter(i -> balanceOn[i] >= 0).toArray();
        int[] ids = Arrays.stream(eligible).map(i -> balanceOn[i]).toArray();
        MutualInformation.Selection picked = MutualInformation.select(ids, settings.tokenTypes(), settings.occurrences(),
                rng.split("selection"));
        long[] rows = Arrays.stream(picked.rows()).map(r -> eligible[(int) r]).toArray();
        Map<String, int[]> selected = new LinkedHashMap<>();
        labels.forEach((name, v) -> selected.put(name, Arrays.stream(rows).mapToInt(r -> v[(int) r]).toArray()));
        Map<String, double[][]> values = new LinkedHashMap<>();
        selected.keySet().forEach(name -> values.put(name, new double[2][states.layers()]));
        // Each label and its shuffled copy (the chance level) are counted on the same clusters.
        List<String> names = new ArrayList<>(selected.keySet());
        int[][] both = new int[2 * names.size()][];
        long[] all = java.util.stream.LongStream.range(0, rows.length).toArray();
        for (int l = 0; l < states.layers(); l++) {
            for (int i = 0; i < names.size(); i++) {
                both[2 * i] = selected.get(names.get(i));
                both[2 * i + 1] = shuffled(both[2 * i], 17L + l);
            }
            try (NDManager m = Engines.newManager()) {
                double[] mi = MutualInformation.clustered(states.layer(l, rows, m), all, settings.clustering(),
                        rng.split("layer " + l), both);
                for (int i = 0; i < names.size(); i++) {
                    values.get(names.get(i))[0][l] = mi[2 * i];
                    values.get(names.get(i))[1][l] = mi[2 * i + 1];
                }
            }
        }
        List<Curve> curves = new ArrayList<>();
        selected.forEach((name, v) -> curves.add(new Curve(name, values.get(name)[0], values.get(name)[1],
                MutualInformation.entropy(v))));
        return new Result(states.names(), rows.length, settings.tokenTypes(), settings.clustering().k(), curves,
                (System.nanoTime() - t0) / 1e9);
    }

    /** The values in a seeded random order (Fisher–Yates). */
    static int[] shuffled(int[] v, long seed) {
        int[] out = v.clone();
        Random r = new Random(seed);
        for (int i = out.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return out;
    }
}
