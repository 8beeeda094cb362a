package org.tlnlp.train;

import org.tlnlp.nn.NamedParameters;

import java.util.ArrayList;
import java.util.List;

/**
 * Learning rates that fall with depth ("progressively in intensity"): the layers near the input, which hold the
 * most general features, change least. Depths are {@link NamedParameters#depthOf}'s: 0 the embeddings, 1..L the
 * layers, L + 1 what sits on top (the task head). With {@code top} the deepest depth, depth d trains at
 *
 * <pre>
 *   η_d = η · ξ^(top − d)
 * </pre>
 *
 * the top at the full rate η. Howard and Ruder (2018, ULMFiT) call it <em>discriminative fine-tuning</em> and
 * write it as η_{l−1} = η_l / 2.6, that is ξ = 1/2.6 ({@link #discriminative}); later BERT recipes call the same
 * rule <em>layer-wise learning-rate decay</em> with ξ around 0.65–0.95 ({@link #layerwiseDecay}).
 */
public final class LayerRates {

    /** ULMFiT's factor between one layer's rate and the next lower layer's. */
    public static final double ULMFIT_FACTOR = 2.6;

    private LayerRates() {
    }

    /** η · ξ^(top − d) for d = 0..top: the rate of every depth, the top's first-class at {@code topRate}. */
    public static double[] layerwiseDecay(double topRate, int topDepth, double xi) {
        if (topDepth < 0 || !(topRate > 0) || !(xi > 0)) {
            throw new IllegalArgumentException("need topDepth >= 0, topRate > 0, xi > 0; got " + topDepth + ", " + topRate
                    + ", " + xi);
        }
        double[] rates = new double[topDepth + 1];
        for (int d = 0; d <= topDepth; d++) {
            rates[d] = topRate * Math.pow(xi, topDepth - d);
        }
        return rates;
    }

    /** ULMFiT's rule η_{d−1} = η_d / factor for d = 0..top (factor 2.6 in the paper). */
    public static double[] discriminative(double topRate, int topDepth, double factor) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("need factor > 0, got " + factor);
        }
        return layerwiseDecay(topRate, topDepth, 1 / factor);
    }

    /** The deepest depth of any of the model's parameters (L + 1 for a model with a head). */
    public static int topDepth(NamedParameters model) {
        int top = -1;
        for (String name : model.namedParameters().names()) {
            int d = model.depthOf(name);
            if (d < 0) {
                throw new IllegalArgumentException(model.getClass().getSimpleName() + " does not say how deep '" + name
                        + "' sits");
            }
            top = Math.max(top, d);
        }
        return top;
    }

    /**
     * One {@link ParamGroup} per depth with learning-rate scale {@code scales[d]} (multiplied with the recipe's
     * rate, so pass rates relative to the top: {@code layerwiseDecay(1, top, ξ)}). Every parameter must have a
     * depth within the array.
     */
    public static List<ParamGroup> groups(NamedParameters model, double[] scales) {
        int top = topDepth(model);
        if (scales.length != top + 1) {
            throw new IllegalArgumentException(model.getClass().getSimpleName() + " has depths 0.." + top + " but "
                    + scales.length + " scales were given");
        }
        List<ParamGroup> out = new ArrayList<>();
        for (int d = 0; d <= top; d++) {
            int depth = d;
            out.add(ParamGroup.depths(model, "depth " + d, x -> x == depth, scales[d]));
        }
        return out;
    }
}
