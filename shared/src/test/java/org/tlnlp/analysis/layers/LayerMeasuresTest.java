package org.tlnlp.analysis.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.tlnlp.analysis.Cka;
import org.tlnlp.analysis.KMeans;
import org.tlnlp.analysis.LinearProbe;
import org.tlnlp.analysis.MutualInformation;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.nn.HostArrays;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-layer measures on layers whose content is known by construction: a layer that identifies the word, one
 * that identifies only which pair of words, one that ignores the word; a layer that carries a label linearly and one
 * that does not; a layer and an orthogonal rotation of it.
 */
class LayerMeasuresTest {

    static final int TYPES = 8;

    /** Word t occurs 80 times, in a seeded random order. */
    static int[] words(Random r) {
        int[] ids = new int[TYPES * 80];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i % TYPES;
        }
        for (int i = ids.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = ids[i];
            ids[i] = ids[j];
            ids[j] = t;
        }
        return ids;
    }

    /** Row i: 10 × centre[place(ids[i])] + noise; centres are random unit-scale points in 6 dimensions. */
    static float[][] layer(int[] ids, IntUnaryOperator place, float scale, Random r) {
        float[][] centres = new float[TYPES][6];
        Random c = new Random(99);
        for (float[] row : centres) {
            for (int j = 0; j < row.length; j++) {
                row[j] = (float) c.nextGaussian();
            }
        }
        float[][] x = new float[ids.length][6];
        for (int i = 0; i < ids.length; i++) {
            for (int j = 0; j < 6; j++) {
                x[i][j] = scale * centres[place.applyAsInt(ids[i])][j] + 0.1f * (float) r.nextGaussian();
            }
        }
        return x;
    }

    static LayerStates states(NDManager m, List<float[][]> layers) {
        List<String> names = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            names.add("layer " + l);
        }
        LayerStates.Writer w = LayerStates.writer("synthetic", names);
        List<NDArray> arrays = new ArrayList<>();
        for (float[][] l : layers) {
            arrays.add(HostArrays.matrix(m, l));
        }
        w.append(arrays);
        return w.finish();
    }

    @Test
    void mutualInformationPerLayerFindsWhatEachLayerKeeps() {
        Random r = new Random(1);
        int[] ids = words(r);
        int[] next = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            next[i] = i + 1 < ids.length ? ids[i + 1] : -1; // unrelated to each row's vector
        }
        try (NDManager m = Engines.newManager();
             LayerStates s = states(m, List.of(layer(ids, t -> t, 10, r), layer(ids, t -> t / 2, 10, r), layer(ids, t -> 0, 0, r)))) {
            Map<String, int[]> labels = new LinkedHashMap<>();
            labels.put("input", ids);
            labels.put("next", next);
            MutualInformation.Settings settings = new MutualInformation.Settings(TYPES, 60,
                    KMeans.Settings.of(TYPES).withBatchSize(256).withSteps(100));
            LayerMutualInformation.Result res = LayerMutualInformation.of(s, ids, labels, settings, new Rng(3));
            assertEquals(TYPES * 60, res.rows());
            LayerMutualInformation.Curve in = res.curve("input");
            assertEquals(Math.log(TYPES), in.ceiling(), 1e-12, "a balanced selection: H = ln 8");
            assertEquals(Math.log(TYPES), in.nats()[0], 0.01, "the layer that identifies the word");
            assertEquals(Math.log(TYPES / 2.0), in.nats()[1], 0.05, "the layer that identifies the pair");
            assertTrue(in.nats()[2] < 0.1, "the layer that ignores the word: " + in.nats()[2]);
            for (int l = 0; l < 3; l++) {
                assertTrue(in.chance()[l] < 0.1, "shuffled labels, layer " + l + ": " + in.chance()[l]);
                assertTrue(res.curve("next").nats()[l] < 0.1, "the next word is not in any layer");
            }
        }
    }

    @Test
    void probesAndTheMixFindTheLayerThatCarriesTheLabel() {
        Random r = new Random(2);
        int[] ids = words(r);
        boolean[] train = new boolean[ids.length];
        for (int i = 0; i < train.length; i++) {
            train[i] = i % 4 != 0;
        }
        try (NDManager m = Engines.newManager();
             LayerStates s = states(m, List.of(layer(ids, t -> 0, 0, r), layer(ids, t -> t, 1, r)))) {
            LayerProbes.Settings settings = new LayerProbes.Settings(new LinearProbe.Settings(5, 32, 5e-2, 0), 2, 6);
            LayerProbes.Scores sc = LayerProbes.words("word", s, ids, TYPES, train, settings, new Rng(4));
            assertEquals(160, sc.testItems());
            assertTrue(sc.perLayer().get(1).mean() > 0.95, "layer 1 holds the word: " + sc.perLayer().get(1).mean());
            assertTrue(sc.perLayer().get(0).mean() < 0.3, "layer 0 is noise: " + sc.perLayer().get(0).mean());
            assertEquals(1, sc.bestLayer());
            assertTrue(sc.mix().mean() > 0.9, "the mix reads layer 1: " + sc.mix().mean());
            assertEquals(1.0, sc.mixWeights()[0] + sc.mixWeights()[1], 1e-9);
            assertTrue(sc.expectedLayer() > 0.5 && sc.expectedLayer() <= 1, "weight moves to layer 1: " + sc.expectedLayer());

            // Passages of 10 consecutive rows labelled by their first row's word: layer 1's mean still separates them.
            int[] passageOf = new int[ids.length];
            int[] label = new int[ids.length / 10];
            boolean[] trainPassage = new boolean[label.length];
            for (int i = 0; i < ids.length; i++) {
                passageOf[i] = i / 10;
            }
            for (int p = 0; p < label.length; p++) {
                label[p] = ids[p * 10] % 2;
                trainPassage[p] = p % 3 != 0;
            }
            LayerProbes.Scores ps = LayerProbes.passages("passage", s, passageOf, label, 2, trainPassage, settings, new Rng(5));
            assertEquals(label.length, ps.trainItems() + ps.testItems());
        }
    }

    @Test
    void ckaMatricesAndChangeBetweenLayers() {
        Random r = new Random(3);
        int[] ids = words(r);
        float[][] x = layer(ids, t -> t, 1, r);
        // Layer 1 is layer 0 rotated by an orthogonal map (a permutation with sign flips): CKA 1, PWCCA distance 0.
        float[][] rotated = new float[x.length][6];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 6; j++) {
                rotated[i][j] = (j % 2 == 0 ? -1 : 1) * x[i][(j + 2) % 6];
            }
        }
        float[][] noise = layer(ids, t -> 0, 0, r);
        try (NDManager m = Engines.newManager(); LayerStates s = states(m, List.of(x, rotated, noise))) {
            long[] rows = LayerSimilarity.rows(s.rows(), 300, new Rng(6));
            assertEquals(300, rows.length);
            double[][] c = LayerSimilarity.within(s, rows);
            assertEquals(1.0, c[0][1], 1e-5, "CKA is invariant to an orthogonal map");
            assertEquals(c[0][2], c[2][0], 0);
            assertEquals(Cka.linear(s.layer(0, rows, m), s.layer(2, rows, m)), c[0][2], 1e-12);
            assertTrue(c[0][2] < 0.2, "unrelated layers: " + c[0][2]);
            double[] matched = LayerSimilarity.matched(s, s, rows);
            assertEquals(1.0, matched[2], 1e-5);
            double[] change = LayerSimilarity.consecutiveChange(s, rows);
            assertEquals(0.0, change[0], 1e-4, "no change from a layer to its rotation");
            assertTrue(change[1] > 0.5, "a large change to an unrelated layer: " + change[1]);
        }
    }
}
