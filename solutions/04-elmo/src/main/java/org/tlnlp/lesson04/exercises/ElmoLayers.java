package org.tlnlp.lesson04.exercises;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;

import java.util.List;

/** Answer key for lesson 04, exercises 4.2 to 4.4. */
public final class ElmoLayers {

    private ElmoLayers() {
    }

    /** 4.2. */
    public static NDArray highway(NDArray x, NDArray wCarry, NDArray bCarry, NDArray wTransform, NDArray bTransform) {
        NDArray g = Activation.sigmoid(x.matMul(wCarry).add(bCarry));
        NDArray t = Activation.relu(x.matMul(wTransform).add(bTransform));
        return g.mul(t).add(g.neg().add(1).mul(x));
    }

    /** 4.3. */
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

    /** 4.4. */
    public static NDArray scalarMix(List<NDArray> layers, NDArray w, NDArray gamma) {
        NDArray s = w.softmax(0);
        NDArray sum = layers.get(0).mul(s.get(0));
        for (int j = 1; j < layers.size(); j++) {
            sum = sum.add(layers.get(j).mul(s.get(j)));
        }
        return sum.mul(gamma);
    }
}
