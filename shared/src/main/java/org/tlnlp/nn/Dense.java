package org.tlnlp.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/** y = x Wᵀ + b, with W stored (out, in) as PyTorch and Hugging Face store it. */
public final class Dense extends FixedBlock implements NamedParameters {

    public final Parameter weight;
    public final Parameter bias;

    public Dense(long in, long out, float initStd) {
        weight = parameter("weight", Parameter.Type.WEIGHT, new NormalInitializer(initStd), out, in);
        bias = parameter("bias", Parameter.Type.BIAS, Parameter.Type.BIAS.getInitializer(), out);
    }

    public NDArray forward(ParameterStore store, NDArray x, boolean training) {
        return Linear.linear(x, store.getValue(weight, x.getDevice(), training),
                store.getValue(bias, x.getDevice(), training)).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(forward(store, inputs.singletonOrThrow(), training));
    }

    /** {@code weight} (out, in) and {@code bias}, as PyTorch names a linear layer. */
    @Override
    public ParameterMap namedParameters() {
        return new ParameterMap().put("weight", weight).put("bias", bias);
    }
}
