package org.tlnlp.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** Layer normalisation over the last axis: gamma · (x − mean) / sqrt(var + eps) + beta. */
public final class LayerNormalization extends FixedBlock {

    public final Parameter gamma;
    public final Parameter beta;
    private final long dim;
    private final float eps;

    public LayerNormalization(long dim, float eps) {
        this.dim = dim;
        this.eps = eps;
        gamma = parameter("gamma", Parameter.Type.GAMMA, Parameter.Type.GAMMA.getInitializer(), dim);
        beta = parameter("beta", Parameter.Type.BETA, Parameter.Type.BETA.getInitializer(), dim);
    }

    public NDArray forward(ParameterStore store, NDArray x, boolean training) {
        return LayerNorm.layerNorm(x, new Shape(dim), store.getValue(gamma, x.getDevice(), training),
                store.getValue(beta, x.getDevice(), training), eps).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(forward(store, inputs.singletonOrThrow(), training));
    }
}
