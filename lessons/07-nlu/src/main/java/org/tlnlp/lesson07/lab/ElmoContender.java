package org.tlnlp.lesson07.lab;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.tlnlp.analysis.Evaluation;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.glue.Example;
import org.tlnlp.glue.TaskData;
import org.tlnlp.models.elmo.Elmo;
import org.tlnlp.models.elmo.ElmoFeatures;
import org.tlnlp.models.elmo.ScalarMixClassifier;
import org.tlnlp.train.ArrayBatches;
import org.tlnlp.train.Recipe;
import org.tlnlp.train.TrainLoop;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The small Brown ELMo as frozen features (Peters et al. 2018, section 3.3): each text's three layers averaged over
 * its words, computed once per task; per task, a scalar mix of the layers (softmax-normalised s, γ) and a linear
 * classifier on it. For a pair, each layer's vectors of the two texts u, v become [u; v; |u − v|; u ⊙ v] before the
 * mix, as GLUE's own baselines pair sentence vectors (Wang et al. 2019, section 5).
 */
final class ElmoContender implements Contender {

    private final Elmo elmo;
    private final NluSettings s;
    private final Map<String, float[][][]> features = new HashMap<>();

    ElmoContender(Elmo elmo, NluSettings s) {
        this.elmo = elmo;
        this.s = s;
    }

    public String name() {
        return "small Brown ELMo, frozen, scalar mix";
    }

    public int seeds() {
        return s.seeds();
    }

    public int[] run(TaskData task, Rng seed) {
        float[][][] x = features.computeIfAbsent(task.name(), k -> new float[][][] {rows(task.train()), rows(task.onlyTest())});
        int d = x[0][0].length / 3;
        try (NDManager m = Engines.newManager()) {
            seed.seedEngine();
            ScalarMixClassifier clf = new ScalarMixClassifier(3, d, task.spec().outputs());
            clf.initialize(m);
            Recipe recipe = Recipe.fineTuning(1e-2).withWarmup(0.05).withWeightDecay(0).withClipping(0);
            TrainLoop.builder().recipe(recipe).epochs(s.mixEpochs()).label("ELMo mix").logEvery(50).build()
                    .fit(clf, new ArrayBatches(x[0], task.spec().gold(task.train()).labels(), 32, seed.split("batches")));
            ParameterStore store = new ParameterStore(m, false);
            float[][] test = x[1];
            return Evaluation.predictions(m, test.length, 256, (scope, from, to) ->
                    clf.logits(store, scope.create(Arrays.copyOfRange(test, from, to)), false));
        }
    }

    /** One row per example: its three layers side by side (each [u; v; |u − v|; u ⊙ v] for a pair). */
    private float[][] rows(List<Example> examples) {
        int[] layers = {0, 1, 2};
        float[][] a = ElmoFeatures.means(elmo, examples.stream().map(e -> Contender.words(e.textA(), false)).toList(), layers, 32);
        if (examples.get(0).textB() == null) {
            return a;
        }
        float[][] b = ElmoFeatures.means(elmo, examples.stream().map(e -> Contender.words(e.textB(), false)).toList(), layers, 32);
        int d = a[0].length / 3;
        float[][] out = new float[a.length][12 * d];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < d; k++) {
                    float u = a[i][j * d + k];
                    float v = b[i][j * d + k];
                    int base = j * 4 * d;
                    out[i][base + k] = u;
                    out[i][base + d + k] = v;
                    out[i][base + 2 * d + k] = Math.abs(u - v);
                    out[i][base + 3 * d + k] = u * v;
                }
            }
        }
        return out;
    }
}
