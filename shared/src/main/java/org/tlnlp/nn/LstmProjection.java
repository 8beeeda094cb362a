package org.tlnlp.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * One layer, one direction of ELMo's LSTM: an LSTM whose output is projected to a smaller width, with the
 * cell state and the projection clipped (Sak et al. 2014; Józefowicz et al. 2016). Written with NDArray
 * operations, one time step at a time, so it runs on every engine. Parameters as the published HDF5 file
 * stores them:
 * <ul>
 *   <li>{@code W} (in + proj, 4·cell): [x, h_prev] to the gates i (input), j (candidate), f (forget), o (output);</li>
 *   <li>{@code B} (4·cell); the forget gate gets +1 on top of its bias, as TensorFlow's LSTMCell does;</li>
 *   <li>{@code W_P} (cell, proj): the projection of o ⊙ tanh(c).</li>
 * </ul>
 */
public final class LstmProjection extends FixedBlock {

    public static final float FORGET_BIAS = 1f;

    public final Parameter w;
    public final Parameter b;
    public final Parameter wP;
    private final int in;
    private final int cell;
    private final int proj;
    private final float cellClip;
    private final float projClip;

    public LstmProjection(int in, int cell, int proj, float cellClip, float projClip) {
        this.in = in;
        this.cell = cell;
        this.proj = proj;
        this.cellClip = cellClip;
        this.projClip = projClip;
        w = parameter("W", Parameter.Type.WEIGHT, new NormalInitializer((float) Math.sqrt(1.0 / (in + proj))), in + proj, 4L * cell);
        b = parameter("B", Parameter.Type.BIAS, Parameter.Type.BIAS.getInitializer(), 4L * cell);
        wP = parameter("W_P", Parameter.Type.WEIGHT, new NormalInitializer((float) Math.sqrt(1.0 / cell)), cell, proj);
    }

    /**
     * One step. {@code gatesFromX}: x·W[0:in] (B, 4·cell), already computed for all steps; {@code h} (B, proj),
     * {@code c} (B, cell). Returns the new h and c.
     */
    NDList step(NDArray gatesFromX, NDArray h, NDArray c, NDArray wh, NDArray bias, NDArray wp) {
        NDList g = gatesFromX.add(h.matMul(wh)).add(bias).split(4, 1);
        NDArray i = Activation.sigmoid(g.get(0));
        NDArray j = Activation.tanh(g.get(1));
        NDArray f = Activation.sigmoid(g.get(2).add(FORGET_BIAS));
        NDArray o = Activation.sigmoid(g.get(3));
        NDArray cNew = f.mul(c).add(i.mul(j));
        if (cellClip > 0) {
            cNew = cNew.clip(-cellClip, cellClip);
        }
        NDArray hNew = o.mul(Activation.tanh(cNew)).matMul(wp);
        if (projClip > 0) {
            hNew = hNew.clip(-projClip, projClip);
        }
        return new NDList(hNew, cNew);
    }

    /**
     * Runs left to right over {@code x} (B, T, in). {@code mask} (B, T, 1) is 1 on tokens and 0 on padding,
     * which may only follow a sequence's tokens; the output on padding is 0.
     * Returns the outputs (B, T, proj).
     */
    public NDArray forward(ParameterStore s, NDArray x, NDArray mask, boolean training) {
        long batch = x.getShape().get(0);
        long t = x.getShape().get(1);
        NDArray weights = s.getValue(w, x.getDevice(), training);
        NDArray wx = weights.get("0:" + in + ", :");
        NDArray wh = weights.get(in + ":, :");
        NDArray bias = s.getValue(b, x.getDevice(), training);
        NDArray wp = s.getValue(wP, x.getDevice(), training);
        NDArray fromX = x.matMul(wx); // (B, T, 4·cell): the input's share of every step at once
        NDArray h = x.getManager().zeros(new ai.djl.ndarray.types.Shape(batch, proj), x.getDataType(), x.getDevice());
        NDArray c = x.getManager().zeros(new ai.djl.ndarray.types.Shape(batch, cell), x.getDataType(), x.getDevice());
        NDList outputs = new NDList();
        for (int k = 0; k < t; k++) {
            NDList hc = step(fromX.get(":, " + k + ", :"), h, c, wh, bias, wp);
            // Padding only follows a sequence's tokens, so the state past its end is never read by a token:
            // it may run on; only the outputs there are zeroed (below, all at once).
            h = hc.get(0);
            c = hc.get(1);
            outputs.add(h);
        }
        return NDArrays.stack(outputs, 1).mul(mask);
    }

    @Override
    protected NDList forwardInternal(ParameterStore s, NDList in, boolean training, PairList<String, Object> p) {
        return new NDList(forward(s, in.get(0), in.get(1), training));
    }
}
