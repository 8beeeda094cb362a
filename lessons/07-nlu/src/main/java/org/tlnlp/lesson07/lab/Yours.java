package org.tlnlp.lesson07.lab;

import org.tlnlp.analysis.Metrics;
import org.tlnlp.glue.GlueMetric;
import org.tlnlp.glue.GlueScores;
import org.tlnlp.lab.Mine;
import org.tlnlp.lesson07.exercises.GlueMetrics;
import org.tlnlp.lesson07.exercises.GlueScore;

import java.util.Map;
import java.util.function.Function;

/**
 * The pieces of lab 07 your exercises can replace ({@code ./course run 07-nlu --mine}): the metrics every
 * leaderboard score is computed with (7.1 Matthews correlation, 7.2 F1; accuracy stays the library's) and the GLUE
 * score of the published rows (7.6).
 */
final class Yours {

    private Yours() {
    }

    /** Stops the lab up front, naming every exercise it needs that is not done yet. */
    static void check() {
        Mine.probes("07-nlu")
                .add("7.1 (GlueMetrics.matthews)", () -> GlueMetrics.matthews(new int[] {0, 1}, new int[] {0, 1}))
                .add("7.2 (GlueMetrics.f1)", () -> GlueMetrics.f1(new int[] {0, 1}, new int[] {0, 1}))
                .add("7.6 (GlueScore.glueScore)", () -> {
                    try {
                        GlueScore.glueScore(Map.of());
                    } catch (IllegalArgumentException expected) {
                        // an empty row has no score: that is the right answer
                    }
                })
                .require();
    }

    /** The label metrics: yours with {@code --mine}, else the library's. */
    static Function<GlueMetric, Metrics.LabelMetric> metrics() {
        if (!Mine.enabled()) {
            return GlueMetric::labelMetric;
        }
        return m -> switch (m) {
            case MATTHEWS -> GlueMetrics::matthews;
            case F1 -> GlueMetrics::f1;
            default -> m.labelMetric();
        };
    }

    /** The GLUE score of a leaderboard row: yours with {@code --mine}, else the library's. */
    static double glueScore(Map<String, double[]> row) {
        return Mine.enabled() ? GlueScore.glueScore(row) : GlueScores.leaderboardScore(row);
    }
}
