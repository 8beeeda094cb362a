package org.tlnlp.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * A highway layer (Srivastava et al. 2015) as ELMo's character encoder uses it: a carry gate
 * {@code g = σ(x·W_carry + b_carry)} mixes a transformed input with the input itself,
 * {@code y = g ⊙ relu(x·W_transform + b_transform) + (1 − g) ⊙ x}. Weights are (in, out), as the published
 * HDF5 file stores them ({@code CNN_high_i/W_carry}, ...).
 */
public final class Highway extends FixedBlock {

    public final Parameter wCarry;
    public final Parameter bCarry;
    public final Parameter wTransform;
    public final Parameter bTransform;

    public Highway(int dim) {
        NormalInitializer init = new NormalInitializer((float) Math.sqrt(1.0 / dim));
        wCarry = parameter("W_carry", Parameter.Type.WEIGHT, init, dim, dim);
        // A negative carry bias starts the layer close to the identity (the gate mostly closed).
        bCarry = parameter("b_carry", Parameter.Type.BIAS, (m, shape, type) -> m.full(shape, -2f, type), dim);
        wTransform = parameter("W_transform", Parameter.Type.WEIGHT, init, dim, dim);
        bTransform = parameter("b_transform", Parameter.Type.BIAS, Parameter.Type.BIAS.getInitializer(), dim);
    }

    public NDArray forward(ParameterStore s, NDArray x, boolean training) {
        NDArray g = Activation.sigmoid(x.matMul(s.getValue(wCarry, x.getDevice(), training))
                .add(s.getValue(bCarry, x.getDevice(), training)));
        NDArray t = Activation.relu(x.matMul(s.getValue(wTransform, x.getDevice(), training))
                .add(s.getValue(bTransform, x.getDevice(), training)));
        return g.mul(t).add(g.neg().add(1f).mul(x));
    }

    @Override
    protected NDList forwardInternal(ParameterStore s, NDList in, boolean training, PairList<String, Object> p) {
        return new NDList(forward(s, in.singletonOrThrow(), training));
    }
}
