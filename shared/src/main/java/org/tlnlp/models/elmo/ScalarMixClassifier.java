package org.tlnlp.models.elmo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.PairList;
import org.tlnlp.nn.Dense;
import org.tlnlp.nn.FixedBlock;
import org.tlnlp.nn.ParameterMap;
import org.tlnlp.nn.ScalarMix;
import org.tlnlp.train.FeatureBatch;
import org.tlnlp.train.Objective;

import java.util.ArrayList;
import java.util.List;

/**
 * How a task uses frozen ELMo layers (Peters et al. 2018, section 3.3): its own scalar mix over the layers,
 * then a linear classifier. Its input rows hold the layers side by side, (N, layers·D), as
 * {@link ElmoFeatures} computes them once for a data set.
 */
public final class ScalarMixClassifier extends FixedBlock implements Objective<FeatureBatch> {

    final ScalarMix mix;
    final Dense out;
    private final int layers;
    private final int dim;
    private final Loss crossEntropy = Loss.softmaxCrossEntropyLoss();

    public ScalarMixClassifier(int layers, int dim, int classes) {
        this.layers = layers;
        this.dim = dim;
        // Each layer is normalised before mixing (AllenNLP calls this do_layer_norm): the layers' scales
        // differ, and a linear classifier on frozen features learns much faster on standardised inputs.
        mix = addChildBlock("mix", new ScalarMix(layers, true));
        out = addChildBlock("classifier", new Dense(dim, classes, 0.02f));
    }

    /** Replaces how the layers are mixed (a learner's own, with {@code --mine}); returns this classifier. */
    public ScalarMixClassifier withMix(ScalarMix.Mix function) {
        mix.withMix(function);
        return this;
    }

    /** Class scores (N, classes) of rows (N, layers·D). */
    public NDArray logits(ParameterStore s, NDArray x, boolean training) {
        List<NDArray> parts = new ArrayList<>();
        for (int j = 0; j < layers; j++) {
            parts.add(x.get(":, " + (j * dim) + ":" + ((j + 1) * dim)));
        }
        return out.forward(s, mix.forward(s, parts, null, training), training);
    }

    @Override
    public NDArray loss(ParameterStore s, FeatureBatch batch, boolean training) {
        return crossEntropy.evaluate(new NDList(batch.labels()), new NDList(logits(s, batch.x(), training)));
    }

    /** The learned mix: s = softmax(w) over the layers, then γ. */
    public float[] weightsAndGamma(ParameterStore s) {
        float[] sw = mix.weights(s, mix.w.getArray().getDevice(), false).toFloatArray();
        float[] outv = java.util.Arrays.copyOf(sw, sw.length + 1);
        outv[sw.length] = mix.gamma.getArray().getFloat(0);
        return outv;
    }

    @Override
    protected NDList forwardInternal(ParameterStore s, NDList in, boolean training, PairList<String, Object> p) {
        return new NDList(logits(s, in.singletonOrThrow(), training));
    }

    @Override
    public ParameterMap namedParameters() {
        return new ParameterMap().put("scalar_mix/scalar_parameters", mix.w).put("scalar_mix/gamma", mix.gamma)
                .dense("classifier", out);
    }
}
