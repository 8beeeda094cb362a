package org.tlnlp.models.gpt2;

import java.util.Arrays;
import java.util.Random;

/**
 * How the next token is chosen from a language model's logits: greedy (the most likely token), or drawn
 * from the softmax at a temperature, optionally only among the top k tokens and/or the smallest set of
 * tokens whose probabilities add up to at least p ("nucleus", Holtzman et al. 2020).
 *
 * @param temperature divides the logits before the softmax (below 1 sharper, above 1 flatter); 0 = greedy
 * @param topK        keep the k most likely tokens (0 = all)
 * @param topP        keep the most likely tokens up to cumulative probability p (1 = all)
 * @param filters     how the top-k and top-p filters are computed ({@link Filters#LIBRARY}, or a learner's own)
 */
public record Sampling(double temperature, int topK, double topP, Filters filters) {

    /** The top-k and top-p filters: the library's, or a learner's (with {@code --mine}). */
    public interface Filters {
        float[] topK(float[] logits, int k);

        float[] topP(float[] logits, double p);

        /** {@link Sampling#filterTopK} and {@link Sampling#filterTopP}. */
        Filters LIBRARY = new Filters() {
            @Override
            public float[] topK(float[] logits, int k) {
                return filterTopK(logits, k);
            }

            @Override
            public float[] topP(float[] logits, double p) {
                return filterTopP(logits, p);
            }
        };
    }

    public Sampling {
        if (temperature < 0 || topK < 0 || topP <= 0 || topP > 1) {
            throw new IllegalArgumentException("temperature >= 0, topK >= 0 and 0 < topP <= 1, got " + temperature
                    + ", " + topK + ", " + topP);
        }
    }

    public Sampling(double temperature, int topK, double topP) {
        this(temperature, topK, topP, Filters.LIBRARY);
    }

    /** The same sampling with other filters. */
    public Sampling withFilters(Filters f) {
        return new Sampling(temperature, topK, topP, f);
    }

    public static Sampling greedy() {
        return new Sampling(0, 0, 1);
    }

    public static Sampling temperature(double t) {
        return new Sampling(t, 0, 1);
    }

    public static Sampling topK(int k, double temperature) {
        return new Sampling(temperature, k, 1);
    }

    public static Sampling topP(double p, double temperature) {
        return new Sampling(temperature, 0, p);
    }

    /** The chosen token id. {@code random} makes the draw repeatable; greedy ignores it. */
    public int choose(float[] logits, Random random) {
        if (temperature == 0) {
            return argMax(logits);
        }
        float[] l = new float[logits.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = (float) (logits[i] / temperature);
        }
        if (topK > 0) {
            l = filters.topK(l, topK);
        }
        if (topP < 1) {
            l = filters.topP(l, topP);
        }
        return draw(softmax(l), random);
    }

    /** Logits with everything below the k-th largest set to −∞ (ties with the k-th are kept). */
    public static float[] filterTopK(float[] logits, int k) {
        if (k <= 0 || k >= logits.length) {
            return logits.clone();
        }
        float[] sorted = logits.clone();
        Arrays.sort(sorted);
        float kth = sorted[sorted.length - k];
        float[] out = logits.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] < kth) {
                out[i] = Float.NEGATIVE_INFINITY;
            }
        }
        return out;
    }

    /**
     * Logits with only the nucleus kept: the most likely tokens, in order, until their probabilities add up
     * to at least p (the token that crosses p is kept; the most likely one always is).
     */
    public static float[] filterTopP(float[] logits, double p) {
        double[] probs = softmax(logits);
        Integer[] order = new Integer[logits.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(probs[b], probs[a]));
        float[] out = new float[logits.length];
        Arrays.fill(out, Float.NEGATIVE_INFINITY);
        double cumulative = 0;
        for (int i : order) {
            out[i] = logits[i];
            cumulative += probs[i];
            if (cumulative >= p) {
                break;
            }
        }
        return out;
    }

    /** A numerically stable softmax (−∞ logits get probability 0). */
    public static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = logits[i] == Float.NEGATIVE_INFINITY ? 0 : Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    public static int argMax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    private static int draw(double[] probs, Random random) {
        double u = random.nextDouble();
        double c = 0;
        int last = 0;
        for (int i = 0; i < probs.length; i++) {
            if (probs[i] > 0) {
                c += probs[i];
                last = i;
                if (u < c) {
                    return i;
                }
            }
        }
        return last;
    }
}
