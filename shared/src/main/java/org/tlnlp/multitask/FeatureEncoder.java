package org.tlnlp.multitask;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.tlnlp.nn.Dense;
import org.tlnlp.nn.Dropouts;
import org.tlnlp.nn.FixedBlock;
import org.tlnlp.nn.ParameterMap;

import java.util.ArrayList;
import java.util.List;

/**
 * Shared layers on top of frozen features: {@code h = tanh(x Wᵀ + b)}, {@code layers} times, then dropout when
 * training. With the features of a frozen pre-trained encoder (MiniLM's, computed once), this is Caruana's (1997)
 * picture of hard sharing: shared hidden layers, one output layer per task; training it costs milliseconds a step,
 * where fine-tuning the whole encoder costs seconds on a CPU. Parameters: {@code layer.<i>.weight} (out, in),
 * {@code layer.<i>.bias}.
 */
public final class FeatureEncoder extends FixedBlock implements Encoder<Features> {

    private final List<Dense> layers = new ArrayList<>();
    private final int hidden;
    private final float dropout;

    /**
     * @param in      D, the width of the features
     * @param hidden  H, the width of every shared layer
     * @param layers  how many shared layers
     * @param dropout the dropout rate on the output when training
     */
    public FeatureEncoder(int in, int hidden, int layers, float dropout) {
        if (layers < 1) {
            throw new IllegalArgumentException("a feature encoder needs at least one layer, not " + layers);
        }
        for (int i = 0; i < layers; i++) {
            this.layers.add(addChildBlock("layer_" + i, new Dense(i == 0 ? in : hidden, hidden,
                    (float) Math.sqrt(1.0 / (i == 0 ? in : hidden)))));
        }
        this.hidden = hidden;
        this.dropout = dropout;
    }

    @Override
    public NDArray encode(ParameterStore store, Features input, boolean training) {
        NDArray h = input.x();
        for (Dense d : layers) {
            h = d.forward(store, h, training).tanh();
        }
        return Dropouts.apply(h, dropout, training);
    }

    @Override
    public NDArray mask(Features input) {
        return input.mask();
    }

    @Override
    public int hidden() {
        return hidden;
    }

    /** The shared layers' weights and biases, first layer first (for code that computes them by hand). */
    public List<Dense> layers() {
        return List.copyOf(layers);
    }

    @Override
    public ParameterMap namedParameters() {
        ParameterMap m = new ParameterMap();
        for (int i = 0; i < layers.size(); i++) {
            m.dense("layer." + i, layers.get(i));
        }
        return m;
    }

    /** Layer i sits at depth i + 1 (there are no embeddings). */
    @Override
    public int depthOf(String name) {
        return ParameterMap.indexAfter(name, "layer.") + 1;
    }

    @Override
    protected NDList forwardInternal(ParameterStore s, NDList in, boolean training, PairList<String, Object> p) {
        return new NDList(encode(s, new Features(in.get(0), in.get(1)), training));
    }
}
