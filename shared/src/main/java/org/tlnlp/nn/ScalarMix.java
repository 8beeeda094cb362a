package org.tlnlp.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

import java.util.List;

/**
 * ELMo's task-specific combination of layers (Peters et al. 2018, eq. 1):
 * {@code ELMo_k = γ · Σ_j s_j h_{k,j}}, with {@code s = softmax(w)} over the layers and γ a learned scale.
 * Optionally each layer is first normalised over its non-padding elements (mean 0, variance 1).
 */
public final class ScalarMix extends FixedBlock {

    /** How the (normalised) layers are combined with the weights w and the scale γ: {@code γ Σ_j softmax(w)_j h_j}. */
    @FunctionalInterface
    public interface Mix {
        NDArray apply(List<NDArray> layers, NDArray w, NDArray gamma);
    }

    public final Parameter w;
    public final Parameter gamma;
    private final int layers;
    private final boolean layerNorm;
    private Mix mix;

    public ScalarMix(int layers, boolean layerNorm) {
        this.layers = layers;
        this.layerNorm = layerNorm;
        w = parameter("scalar_parameters", Parameter.Type.WEIGHT, new ConstantInitializer(0f), layers);
        gamma = parameter("gamma", Parameter.Type.GAMMA, new ConstantInitializer(1f), 1);
    }

    /** Replaces how the layers are combined (a learner's own, in a lab run with {@code --mine}); returns this mix. */
    public ScalarMix withMix(Mix mix) {
        this.mix = mix;
        return this;
    }

    /** The normalised weights s = softmax(w). */
    public NDArray weights(ParameterStore s, ai.djl.Device device, boolean training) {
        return s.getValue(w, device, training).softmax(0);
    }

    /** Layers (B, T, D) each, mask (B, T, 1) or null → (B, T, D). */
    public NDArray forward(ParameterStore s, List<NDArray> h, NDArray mask, boolean training) {
        if (h.size() != layers) {
            throw new IllegalArgumentException("this mix has " + layers + " weights but got " + h.size() + " layers");
        }
        if (mix != null) {
            List<NDArray> normalised = layerNorm ? h.stream().map(x -> normalise(x, mask)).toList() : h;
            return mix.apply(normalised, s.getValue(w, h.get(0).getDevice(), training),
                    s.getValue(gamma, h.get(0).getDevice(), training));
        }
        NDArray sw = weights(s, h.get(0).getDevice(), training);
        NDArray out = null;
        for (int j = 0; j < layers; j++) {
            NDArray x = layerNorm ? normalise(h.get(j), mask) : h.get(j);
            NDArray term = x.mul(sw.get(j));
            out = out == null ? term : out.add(term);
        }
        return out.mul(s.getValue(gamma, out.getDevice(), training));
    }

    /** (x − mean) / sqrt(var + 1e-12), mean and variance over every non-padding element of x. */
    static NDArray normalise(NDArray x, NDArray mask) {
        if (mask == null) {
            NDArray centred = x.sub(x.mean());
            return centred.div(centred.square().mean().add(1e-12f).sqrt());
        }
        NDArray n = mask.sum().mul(x.getShape().get(x.getShape().dimension() - 1));
        NDArray mean = x.mul(mask).sum().div(n);
        NDArray centred = x.sub(mean).mul(mask);
        return centred.div(centred.square().sum().div(n).add(1e-12f).sqrt());
    }

    @Override
    protected NDList forwardInternal(ParameterStore s, NDList in, boolean training, PairList<String, Object> p) {
        return new NDList(forward(s, in.subNDList(0), null, training));
    }
}
