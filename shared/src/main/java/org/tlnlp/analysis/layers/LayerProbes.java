package org.tlnlp.analysis.layers;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.tlnlp.analysis.Evaluation;
import org.tlnlp.analysis.ExpectedLayer;
import org.tlnlp.analysis.LinearProbe;
import org.tlnlp.analysis.TestAccuracy;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.models.elmo.ScalarMixClassifier;
import org.tlnlp.train.ArrayBatches;
import org.tlnlp.train.Recipe;
import org.tlnlp.train.TrainLoop;

import java.util.Arrays;
import java.util.List;

/**
 * What each layer knows about a task, measured by a <b>linear probe</b> per layer (a softmax regression on the
 * layer's frozen vectors, {@link LinearProbe}; Alain and Bengio 2017, Belinkov et al. 2017), and where a task finds
 * what it needs, measured by a <b>scalar mix</b> over all layers (Peters et al. 2018's s = softmax(w), γ; each layer
 * normalised first) trained with a linear classifier on top, summarised by its centre of gravity
 * E_s[ℓ] = Σ_ℓ ℓ · s_ℓ ({@link ExpectedLayer}; Tenney, Das and Pavlick 2019).
 *
 * <p>Two kinds of task: word-level (a label per word: the part-of-speech tags of the {@link BrownSample}), and
 * passage-level (a label per passage, read through the mean of its words' vectors: the genre). Each probe and each
 * mix is trained with several seeds on the same training rows and scored on the same test rows, so each accuracy
 * comes with its Wilson interval over the test items and its seed range ({@link TestAccuracy}). Vectors are
 * standardised per column with the training rows' statistics before a probe sees them (the layers' scales differ by
 * orders of magnitude, and a probe trained for a few epochs would otherwise measure the scale).
 */
public final class LayerProbes {

    private LayerProbes() {
    }

    /**
     * @param probe     each probe's training
     * @param seeds     how many times each probe and the mix are trained
     * @param mixEpochs epochs of the scalar mix + classifier
     */
    public record Settings(LinearProbe.Settings probe, int seeds, int mixEpochs) {
    }

    /**
     * A task's result: one accuracy per layer, the mix's accuracy, its weights s (means over seeds), γ and expected
     * layer, and the numbers of training and test items.
     */
    public record Scores(String task, List<String> layers, List<TestAccuracy> perLayer, TestAccuracy mix,
                         double[] mixWeights, double gamma, double expectedLayer, int trainItems, int testItems) {

        /** The layer whose probe scored best (mean over seeds). */
        public int bestLayer() {
            int best = 0;
            for (int l = 1; l < perLayer.size(); l++) {
                if (perLayer.get(l).mean() > perLayer.get(best).mean()) {
                    best = l;
                }
            }
            return best;
        }

        public double[] means() {
            return perLayer.stream().mapToDouble(TestAccuracy::mean).toArray();
        }
    }

    /** A word-level task: {@code labels[row]} in [0, classes) (negative: unlabelled), rows split by {@code train}. */
    public static Scores words(String task, LayerStates states, int[] labels, int classes, boolean[] train,
                               Settings settings, Rng rng) {
        long[] tr = rows(labels, train, true);
        long[] te = rows(labels, train, false);
        int[] ytr = Arrays.stream(tr).mapToInt(r -> labels[(int) r]).toArray();
        int[] yte = Arrays.stream(te).mapToInt(r -> labels[(int) r]).toArray();
        float[][][] xtr = new float[states.layers()][][];
        float[][][] xte = new float[states.layers()][][];
        for (int l = 0; l < states.layers(); l++) {
            xtr[l] = states.hostRows(l, tr);
            xte[l] = states.hostRows(l, te);
        }
        return score(task, states.names(), xtr, ytr, xte, yte, classes, settings, rng);
    }

    /**
     * A passage-level task: each passage is the mean of its words' vectors ({@code passageOf[row]}), labelled
     * {@code labels[passage]}; passages split by {@code train[passage]}.
     */
    public static Scores passages(String task, LayerStates states, int[] passageOf, int[] labels, int classes,
                                  boolean[] train, Settings settings, Rng rng) {
        int passages = labels.length;
        int[] size = new int[passages];
        for (int p : passageOf) {
            size[p]++;
        }
        long[] all = java.util.stream.LongStream.range(0, states.rows()).toArray();
        float[][][] means = new float[states.layers()][][];
        for (int l = 0; l < states.layers(); l++) {
            float[][] rows = states.hostRows(l, all);
            float[][] m = new float[passages][states.dim(l)];
            for (int r = 0; r < rows.length; r++) {
                float[] target = m[passageOf[r]];
                float w = 1f / size[passageOf[r]];
                for (int j = 0; j < target.length; j++) {
                    target[j] += rows[r][j] * w;
                }
            }
            means[l] = m;
        }
        int[] idx = java.util.stream.IntStream.range(0, passages).filter(p -> size[p] > 0).toArray();
        int[] tr = Arrays.stream(idx).filter(p -> train[p]).toArray();
        int[] te = Arrays.stream(idx).filter(p -> !train[p]).toArray();
        float[][][] xtr = new float[states.layers()][][];
        float[][][] xte = new float[states.layers()][][];
        for (int l = 0; l < states.layers(); l++) {
            float[][] m = means[l];
            xtr[l] = Arrays.stream(tr).mapToObj(p -> m[p]).toArray(float[][]::new);
            xte[l] = Arrays.stream(te).mapToObj(p -> m[p]).toArray(float[][]::new);
        }
        return score(task, states.names(), xtr, Arrays.stream(tr).map(p -> labels[p]).toArray(), xte,
                Arrays.stream(te).map(p -> labels[p]).toArray(), classes, settings, rng);
    }

    private static Scores score(String task, List<String> names, float[][][] xtr, int[] ytr, float[][][] xte, int[] yte,
                                int classes, Settings settings, Rng rng) {
        if (ytr.length == 0 || yte.length == 0) {
            throw new IllegalArgumentException(task + ": " + ytr.length + " training and " + yte.length
                    + " test items; both must be non-empty");
        }
        int layers = xtr.length;
        TestAccuracy[] perLayer = new TestAccuracy[layers];
        for (int l = 0; l < layers; l++) {
            standardise(xtr[l], xte[l]);
            perLayer[l] = TestAccuracy.of(yte);
            for (int seed = 0; seed < settings.seeds(); seed++) {
                try (LinearProbe p = LinearProbe.train(xtr[l], ytr, classes, settings.probe(),
                        rng.split(task + " layer " + l + " seed " + seed), task + " probe, layer " + l)) {
                    perLayer[l].add(p.predict(xte[l]));
                }
            }
        }
        // The scalar mix reads every layer side by side (all layers have one width in the course's models).
        int d = xtr[0][0].length;
        float[][] mtr = concat(xtr);
        float[][] mte = concat(xte);
        TestAccuracy mix = TestAccuracy.of(yte);
        double[] s = new double[layers];
        double gamma = 0;
        for (int seed = 0; seed < settings.seeds(); seed++) {
            float[] weights = new float[layers + 1];
            mix.add(mix(mtr, ytr, mte, layers, d, classes, settings.mixEpochs(),
                    rng.split(task + " mix seed " + seed), weights));
            for (int l = 0; l < layers; l++) {
                s[l] += weights[l] / (double) settings.seeds();
            }
            gamma += weights[layers] / (double) settings.seeds();
        }
        double total = Arrays.stream(s).sum();
        double[] normalised = Arrays.stream(s).map(v -> v / total).toArray(); // float rounding of the softmax
        return new Scores(task, names, List.of(perLayer), mix, normalised, gamma,
                ExpectedLayer.ofMixWeights(normalised), ytr.length, yte.length);
    }

    /** Trains a scalar mix + linear classifier; returns the test predictions and writes s_0.. and γ into weights. */
    static int[] mix(float[][] train, int[] y, float[][] test, int layers, int d, int classes, int epochs, Rng rng,
                     float[] weights) {
        if (layers * d != train[0].length) {
            throw new IllegalArgumentException("rows of " + train[0].length + " values for " + layers + " layers of " + d);
        }
        try (NDManager m = Engines.newManager()) {
            rng.seedEngine();
            ScalarMixClassifier clf = new ScalarMixClassifier(layers, d, classes);
            clf.initialize(m);
            Recipe recipe = Recipe.fineTuning(1e-2).withWarmup(0.05).withWeightDecay(0).withClipping(0);
            TrainLoop.builder().recipe(recipe).epochs(epochs).label("scalar mix").logEvery(50).build()
                    .fit(clf, new ArrayBatches(train, y, 64, rng.split("batches")));
            ParameterStore store = new ParameterStore(m, false);
            int[] predicted = Evaluation.predictions(m, test.length, 256, (scope, from, to) ->
                    clf.logits(store, scope.create(Arrays.copyOfRange(test, from, to)), false));
            System.arraycopy(clf.weightsAndGamma(store), 0, weights, 0, layers + 1);
            return predicted;
        }
    }

    private static long[] rows(int[] labels, boolean[] train, boolean wanted) {
        if (train.length != labels.length) {
            throw new IllegalArgumentException(labels.length + " labels but " + train.length + " train/test marks");
        }
        return java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] >= 0 && train[i] == wanted)
                .mapToLong(i -> i).toArray();
    }

    /** Each column of both sets minus the training mean, over the training standard deviation (plus 1e-6). */
    static void standardise(float[][] train, float[][] test) {
        int d = train[0].length;
        double[] mean = new double[d];
        double[] var = new double[d];
        for (float[] r : train) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j] / (double) train.length;
            }
        }
        for (float[] r : train) {
            for (int j = 0; j < d; j++) {
                var[j] += (r[j] - mean[j]) * (r[j] - mean[j]) / train.length;
            }
        }
        for (float[][] set : List.of(train, test)) {
            for (float[] r : set) {
                for (int j = 0; j < d; j++) {
                    r[j] = (float) ((r[j] - mean[j]) / (Math.sqrt(var[j]) + 1e-6));
                }
            }
        }
    }

    private static float[][] concat(float[][][] layers) {
        int n = layers[0].length;
        int d = layers[0][0].length;
        float[][] out = new float[n][layers.length * d];
        for (int l = 0; l < layers.length; l++) {
            for (int i = 0; i < n; i++) {
                System.arraycopy(layers[l][i], 0, out[i], l * d, d);
            }
        }
        return out;
    }
}
