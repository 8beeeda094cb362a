package org.tlnlp.lesson04.exercises;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import org.tlnlp.grading.Exercise;
import org.tlnlp.nn.Highway;
import org.tlnlp.nn.LstmProjection;
import org.tlnlp.nn.ScalarMix;

import java.util.List;

/**
 * Lesson 04, exercises 4.2 to 4.4: the pieces of ELMo's network. NDArray operations only (no loops over
 * elements, no copies to Java arrays), so the code runs on a GPU as it is. Weights are (in, out): y = x·W + b.
 */
public final class ElmoLayers {

    private ElmoLayers() {
    }

    /**
     * Exercise 4.2. One highway layer:
     * {@code g = σ(x·W_carry + b_carry)}, {@code y = g ⊙ relu(x·W_transform + b_transform) + (1 − g) ⊙ x}.
     *
     * @param x (N, d)
     * @return (N, d)
     */
    @Exercise(value = "4.2", mayNotUse = Highway.class)
    public static NDArray highway(NDArray x, NDArray wCarry, NDArray bCarry, NDArray wTransform, NDArray bTransform) {
        NDArray g = Activation.sigmoid(x.matMul(wCarry).add(bCarry));
        NDArray t = Activation.relu(x.matMul(wTransform).add(bTransform));
        return g.mul(t).add(g.neg().add(1).mul(x));
    }

    /**
     * Exercise 4.3. One step of an LSTM with a projection, as ELMo's (TensorFlow's LSTMCell with num_proj):
     * <pre>
     *   z = [x, h] · W + B                        W is (in + proj, 4·cell): split z into i, j, f, o (cell each)
     *   c' = σ(f + 1) ⊙ c + σ(i) ⊙ tanh(j)        the forget gate gets +1 on top of its bias
     *   c' = clip(c', −cellClip, cellClip)        (skip when cellClip is 0)
     *   h' = (σ(o) ⊙ tanh(c')) · W_P              W_P is (cell, proj)
     *   h' = clip(h', −projClip, projClip)        (skip when projClip is 0)
     * </pre>
     *
     * @param x (B, in), h (B, proj), c (B, cell)
     * @return an NDList of h' (B, proj) and c' (B, cell)
     *
     * <p>Checked by hand on a tiny cell, then by running your step along a sentence with the weights of an ELMo
     * stored in the published layout: the outputs must match PyTorch's.
     */
    @Exercise(value = "4.3", mayNotUse = LstmProjection.class)
    public static NDList lstmStep(NDArray x, NDArray h, NDArray c, NDArray w, NDArray b, NDArray wP, float cellClip,
                                  float projClip) {
        NDList z = x.concat(h, 1).matMul(w).add(b).split(4, 1);
        NDArray c2 = Activation.sigmoid(z.get(2).add(1)).mul(c)
                .add(Activation.sigmoid(z.get(0)).mul(Activation.tanh(z.get(1))));
        if (cellClip > 0) {
            c2 = c2.clip(-cellClip, cellClip);
        }
        NDArray h2 = Activation.sigmoid(z.get(3)).mul(Activation.tanh(c2)).matMul(wP);
        if (projClip > 0) {
            h2 = h2.clip(-projClip, projClip);
        }
        return new NDList(h2, c2);
    }

    /**
     * Exercise 4.4. The scalar mix: {@code γ · Σ_j s_j · h_j} with {@code s = softmax(w)}.
     *
     * @param layers the L + 1 layers, each (B, T, D)
     * @param w      (L + 1) unnormalised weights
     * @param gamma  (1) the scale
     * @return (B, T, D)
     */
    @Exercise(value = "4.4", mayNotUse = ScalarMix.class)
    public static NDArray scalarMix(List<NDArray> layers, NDArray w, NDArray gamma) {
        NDArray s = w.softmax(0);
        NDArray sum = layers.get(0).mul(s.get(0));
        for (int j = 1; j < layers.size(); j++) {
            sum = sum.add(layers.get(j).mul(s.get(j)));
        }
        return sum.mul(gamma);
    }
}
