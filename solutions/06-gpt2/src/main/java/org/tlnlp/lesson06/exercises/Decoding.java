package org.tlnlp.lesson06.exercises;

import ai.djl.ndarray.NDArray;

import java.util.Arrays;

/** Answer key for lesson 06, exercises 6.6 and 6.8. */
public final class Decoding {

    private Decoding() {
    }

    /** 6.6a. */
    public static float[] topK(float[] logits, int k) {
        float[] out = logits.clone();
        if (k <= 0 || k >= logits.length) {
            return out;
        }
        float[] sorted = logits.clone();
        Arrays.sort(sorted);
        float kth = sorted[sorted.length - k];
        for (int i = 0; i < out.length; i++) {
            if (out[i] < kth) {
                out[i] = Float.NEGATIVE_INFINITY;
            }
        }
        return out;
    }

    /** 6.6b. */
    public static float[] topP(float[] logits, double p) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double[] prob = new double[logits.length];
        double z = 0;
        for (int i = 0; i < logits.length; i++) {
            prob[i] = Math.exp(logits[i] - max);
            z += prob[i];
        }
        Integer[] order = new Integer[logits.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(prob[b], prob[a]));
        float[] out = new float[logits.length];
        Arrays.fill(out, Float.NEGATIVE_INFINITY);
        double sum = 0;
        for (int i : order) {
            out[i] = logits[i];
            sum += prob[i] / z;
            if (sum >= p) {
                break;
            }
        }
        return out;
    }

    /** 6.8: sum of log softmax(logits[t])[sequence[t + 1]] over the label's positions. */
    public static double labelLogLikelihood(NDArray logits, int[] sequence, int promptLength) {
        int v = (int) logits.getShape().get(1);
        float[] l = logits.toFloatArray();
        double total = 0;
        for (int t = promptLength - 1; t + 1 < sequence.length; t++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < v; j++) {
                max = Math.max(max, l[t * v + j]);
            }
            double z = 0;
            for (int j = 0; j < v; j++) {
                z += Math.exp(l[t * v + j] - max);
            }
            total += l[t * v + sequence[t + 1]] - max - Math.log(z);
        }
        return total;
    }
}
