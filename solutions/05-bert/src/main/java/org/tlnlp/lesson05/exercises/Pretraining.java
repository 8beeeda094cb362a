package org.tlnlp.lesson05.exercises;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

import java.util.Arrays;
import java.util.Random;

/** Answer key for lesson 05, exercises 5.6 and 5.7. */
public final class Pretraining {

    public static final int IGNORE = -100;

    private Pretraining() {
    }

    /** 5.6: 15% chosen; of those 80% [MASK], 10% random, 10% kept. */
    public static int[][] mask(int[] ids, boolean[] special, Random random, int maskId, int vocabSize, int firstWord) {
        int[] inputs = ids.clone();
        int[] labels = new int[ids.length];
        Arrays.fill(labels, IGNORE);
        for (int i = 0; i < ids.length; i++) {
            if (special[i]) {
                continue;
            }
            if (random.nextDouble() < 0.15) {
                labels[i] = ids[i];
                double r = random.nextDouble();
                if (r < 0.8) {
                    inputs[i] = maskId;
                } else if (r < 0.9) {
                    inputs[i] = firstWord + random.nextInt(vocabSize - firstWord);
                }
            }
        }
        return new int[][] {inputs, labels};
    }

    /** 5.7: softmax cross-entropy and its gradient, by hand. */
    public static NDList headStep(NDArray x, NDArray labels, NDArray w, NDArray b, float lr) {
        long batch = x.getShape().get(0);
        long classes = w.getShape().get(0);
        NDArray logits = x.matMul(w.transpose()).add(b);
        NDArray logP = logits.logSoftmax(1);
        NDArray oneHot = labels.oneHot((int) classes).toType(logits.getDataType(), false);
        NDArray loss = logP.mul(oneHot).sum().neg().div(batch);
        NDArray dLogits = logP.exp().sub(oneHot).div(batch);
        NDArray dW = dLogits.transpose().matMul(x);
        NDArray dB = dLogits.sum(new int[] {0});
        return new NDList(loss, w.sub(dW.mul(lr)), b.sub(dB.mul(lr)));
    }
}
