package org.tlnlp.analysis;

/**
 * Where in the network a task's information sits, as one number: Tenney, Das and Pavlick (2019, "BERT Rediscovers
 * the Classical NLP Pipeline", ACL) summarise a probe's use of layers 0..L (0 the embeddings) by an expected layer.
 *
 * <ul>
 *   <li>{@link #ofMixWeights}: the centre of gravity of a scalar mix (the ELMo-style weights s = softmax(w) a
 *       probe learns over the layers, {@link org.tlnlp.nn.ScalarMix}), E_s[ℓ] = Σ_ℓ ℓ · s_ℓ. Parts of speech
 *       come out lower than coreference, say: the "pipeline" of the title.</li>
 *   <li>{@link #ofCumulativeScores}: from the scores of probes that see layers 0..ℓ for each ℓ, the gains
 *       Δ_ℓ = score(ℓ) − score(ℓ − 1) and E_Δ[ℓ] = Σ_{ℓ≥1} ℓ Δ_ℓ / Σ_{ℓ≥1} Δ_ℓ: the layer at which, on average,
 *       the score was gained.</li>
 * </ul>
 */
public final class ExpectedLayer {

    private ExpectedLayer() {
    }

    /** E_s[ℓ] = Σ_ℓ ℓ · s_ℓ for mix weights s (non-negative, summing to 1 within 1e-6), layers numbered from 0. */
    public static double ofMixWeights(double[] s) {
        if (s == null || s.length == 0) {
            throw new IllegalArgumentException("expected one mix weight per layer, got none");
        }
        double sum = 0;
        double centre = 0;
        for (int l = 0; l < s.length; l++) {
            if (!(s[l] >= 0) || Double.isInfinite(s[l])) {
                throw new IllegalArgumentException("expected non-negative finite mix weights, got " + s[l] + " for layer " + l);
            }
            sum += s[l];
            centre += l * s[l];
        }
        if (Math.abs(sum - 1) > 1e-6) {
            throw new IllegalArgumentException("expected mix weights that sum to 1 (softmax outputs), got a sum of " + sum
                    + "; pass raw scalar parameters to ofLogits instead");
        }
        return centre;
    }

    /** E_s[ℓ] for s = softmax(w): the mix's raw scalar parameters w, as a scalar mix learns them. */
    public static double ofLogits(double[] w) {
        return ofMixWeights(softmax(w));
    }

    /**
     * Tenney et al.'s E_Δ[ℓ] from cumulative probe scores: {@code scores[ℓ]} is the score of a probe on layers
     * 0..ℓ (so {@code scores[0]} on the embeddings alone). A gain may be negative; the total gain must not be 0.
     */
    public static double ofCumulativeScores(double[] scores) {
        if (scores == null || scores.length < 2) {
            throw new IllegalArgumentException("expected cumulative scores for layers 0..L with L >= 1, got "
                    + (scores == null ? "none" : scores.length + " score(s)"));
        }
        double gain = 0;
        double centre = 0;
        for (int l = 1; l < scores.length; l++) {
            if (!Double.isFinite(scores[l]) || !Double.isFinite(scores[l - 1])) {
                throw new IllegalArgumentException("expected finite scores, got " + scores[l - 1] + " and " + scores[l]
                        + " at layers " + (l - 1) + " and " + l);
            }
            double delta = scores[l] - scores[l - 1];
            gain += delta;
            centre += l * delta;
        }
        if (gain == 0) {
            throw new IllegalArgumentException("the expected layer is undefined: the score gains nothing from layer 0 to "
                    + (scores.length - 1));
        }
        return centre / gain;
    }

    /** softmax(w)_ℓ = exp(w_ℓ − max w) / Σ exp(w_k − max w); subtracting the maximum keeps exp from overflowing. */
    public static double[] softmax(double[] w) {
        if (w == null || w.length == 0) {
            throw new IllegalArgumentException("expected one scalar parameter per layer, got none");
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int l = 0; l < w.length; l++) {
            if (!Double.isFinite(w[l])) {
                throw new IllegalArgumentException("expected finite scalar parameters, got " + w[l] + " for layer " + l);
            }
            max = Math.max(max, w[l]);
        }
        double[] s = new double[w.length];
        double sum = 0;
        for (int l = 0; l < w.length; l++) {
            s[l] = Math.exp(w[l] - max);
            sum += s[l];
        }
        for (int l = 0; l < w.length; l++) {
            s[l] /= sum;
        }
        return s;
    }
}
