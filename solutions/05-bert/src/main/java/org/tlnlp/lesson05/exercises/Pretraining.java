package org.tlnlp.lesson05.exercises;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.GradientCollector;
import org.tlnlp.grading.Exercise;
import org.tlnlp.models.bert.MlmMasking;

import java.util.Arrays;
import java.util.Random;

/** Lesson 05, exercises 5.6 and 5.7: the masked-LM corruption, and one fine-tuning step of a classifier head. */
public final class Pretraining {

    /** The label of a position the masked-LM loss skips. */
    public static final int IGNORE = -100;

    private Pretraining() {
    }

    /**
     * Exercise 5.6. BERT's masking. Go through the positions in order; skip special ones without drawing a
     * number. For every other position draw {@code random.nextDouble()}: below 0.15 it is chosen. For a
     * chosen position draw {@code random.nextDouble()} again: below 0.8 the input becomes {@code maskId};
     * below 0.9 it becomes {@code firstWord + random.nextInt(vocabSize - firstWord)}; else it stays. The
     * label of a chosen position is its original id, every other label is {@link #IGNORE}.
     *
     * @return {inputs, labels}
     */
    @Exercise(value = "5.6", mayNotUse = MlmMasking.class)
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

    /**
     * Exercise 5.7. One gradient-descent step of a classification head on fixed features (what feature
     * extraction trains): logits = x Wᵀ + b, loss = mean cross-entropy over the batch. Compute the gradient
     * yourself: with p = softmax(logits) and y the one-hot labels, dL/dlogits = (p − y) / B,
     * dL/dW = (dL/dlogits)ᵀ x, dL/db = the column sums of dL/dlogits. Do not change W and b in place.
     *
     * @param x      (B, H) features (e.g. BERT's pooled [CLS] vectors)
     * @param labels (B) class ids, as an integer NDArray
     * @param w      (C, H) weights
     * @param b      (C) biases
     * @param lr     the learning rate
     * @return an NDList of the loss before the step (a scalar), the new W and the new b
     */
    @Exercise(value = "5.7", mayNotUse = GradientCollector.class)
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
