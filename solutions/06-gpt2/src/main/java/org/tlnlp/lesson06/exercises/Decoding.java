package org.tlnlp.lesson06.exercises;

import ai.djl.ndarray.NDArray;
import org.tlnlp.grading.Exercise;
import org.tlnlp.models.LanguageModeling;
import org.tlnlp.models.gpt2.LabelScoring;
import org.tlnlp.models.gpt2.Sampling;

import java.util.Arrays;

/**
 * Lesson 06, exercises 6.6 and 6.8: choosing the next token, and scoring an answer by its likelihood.
 */
public final class Decoding {

    private Decoding() {
    }

    /**
     * Exercise 6.6a. Top-k filtering: a copy of {@code logits} in which every value smaller than the k-th
     * largest is {@code Float.NEGATIVE_INFINITY} (values equal to the k-th largest stay). k <= 0 or k >= the
     * length keeps everything. Do not change the input array.
     *
     * <p>Example: logits (1, 3, 2, 0), k = 2 → (−∞, 3, 2, −∞).
     */
    @Exercise(value = "6.6", mayNotUse = Sampling.class)
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

    /**
     * Exercise 6.6b. Top-p ("nucleus") filtering: softmax the logits, take tokens from the most likely down
     * and keep them until their probabilities add up to at least {@code p} (the token that reaches p is kept,
     * and the most likely token always is); every other logit becomes {@code Float.NEGATIVE_INFINITY}.
     *
     * <p>Example: logits (1, 3, 2, 0) have probabilities (0.087, 0.644, 0.237, 0.032); p = 0.8 keeps 3 and 2:
     * (−∞, 3, 2, −∞).
     */
    @Exercise(value = "6.6", mayNotUse = Sampling.class)
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

    /**
     * Exercise 6.8. The log-likelihood of a continuation: {@code sequence} is a prompt of
     * {@code promptLength} tokens followed by the label's tokens; {@code logits} (T, V) are the model's
     * outputs for the sequence without its last token (T = sequence.length − 1), so that row t predicts
     * {@code sequence[t + 1]}. Return the sum, over the label's tokens only, of log softmax(row)[token].
     * You may read the logits into Java ({@code toFloatArray}) here.
     *
     * <p>Example: with a uniform distribution over V tokens, a label of 2 tokens scores 2·log(1/V).
     * Checked also against the library's batched scoring on a GPT-2 checkpoint.
     */
    @Exercise(value = "6.8", mayNotUse = {LabelScoring.class, LanguageModeling.class})
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
