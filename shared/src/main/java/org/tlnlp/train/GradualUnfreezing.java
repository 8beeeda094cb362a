package org.tlnlp.train;

import org.tlnlp.nn.NamedParameters;

/**
 * Gradual unfreezing ("progressively in time"; Howard and Ruder 2018, ULMFiT): the first epoch trains only the
 * top (the task head, depth L + 1), each later stage unfreezes the next depth down, and an unfrozen depth stays
 * unfrozen. With {@code epochsPerStage} epochs per stage, depth d trains in epoch e when
 *
 * <pre>
 *   d ≥ top − ⌊e / epochsPerStage⌋
 * </pre>
 *
 * so after top + 1 stages the whole model trains. Depths are {@link NamedParameters#depthOf}'s. The paper
 * unfreezes one layer group per epoch ({@code epochsPerStage = 1}).
 */
public final class GradualUnfreezing {

    private GradualUnfreezing() {
    }

    /** The plan: {@code plan[e][d]} is true when depth d trains in epoch e (d = 0..topDepth). */
    public static boolean[][] plan(int topDepth, int epochs, int epochsPerStage) {
        if (topDepth < 0 || epochs < 0 || epochsPerStage < 1) {
            throw new IllegalArgumentException("need topDepth >= 0, epochs >= 0, epochsPerStage >= 1; got " + topDepth
                    + ", " + epochs + ", " + epochsPerStage);
        }
        boolean[][] plan = new boolean[epochs][topDepth + 1];
        for (int e = 0; e < epochs; e++) {
            for (int d = 0; d <= topDepth; d++) {
                plan[e][d] = trains(d, e, topDepth, epochsPerStage);
            }
        }
        return plan;
    }

    /** Whether depth {@code d} trains in epoch {@code e}. */
    public static boolean trains(int d, int e, int topDepth, int epochsPerStage) {
        return d >= topDepth - e / epochsPerStage;
    }

    /** The plan as {@link TrainLoop.Builder#freezing} takes it, for the depths {@code model} gives its parameters. */
    public static TrainLoop.Freezing freezing(NamedParameters model, int epochsPerStage) {
        return freezing(model, LayerRates.topDepth(model), epochsPerStage);
    }

    /** The same with the top depth given (parameters deeper than it train from the start). */
    public static TrainLoop.Freezing freezing(NamedParameters model, int topDepth, int epochsPerStage) {
        if (epochsPerStage < 1) {
            throw new IllegalArgumentException("need epochsPerStage >= 1, got " + epochsPerStage);
        }
        return (name, epoch) -> {
            int d = model.depthOf(name);
            if (d < 0) {
                throw new IllegalArgumentException(model.getClass().getSimpleName() + " does not say how deep '" + name
                        + "' sits; gradual unfreezing needs every parameter's depth");
            }
            return !trains(d, epoch, topDepth, epochsPerStage);
        };
    }
}
