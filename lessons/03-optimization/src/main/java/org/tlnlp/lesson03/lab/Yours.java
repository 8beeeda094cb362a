package org.tlnlp.lesson03.lab;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import org.tlnlp.analysis.Forgetting;
import org.tlnlp.lab.Mine;
import org.tlnlp.lesson03.exercises.ForgettingMeasure;
import org.tlnlp.lesson03.exercises.LearningRates;
import org.tlnlp.lesson03.exercises.Regularisers;
import org.tlnlp.nn.NamedParameters;
import org.tlnlp.nn.ParameterMap;
import org.tlnlp.train.Batch;
import org.tlnlp.train.BatchSource;
import org.tlnlp.train.Fisher;
import org.tlnlp.train.GradualUnfreezing;
import org.tlnlp.train.LayerRates;
import org.tlnlp.train.Objective;
import org.tlnlp.train.ParamGroup;
import org.tlnlp.train.Schedule;
import org.tlnlp.train.Schedules;
import org.tlnlp.train.TrainLoop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The pieces of lab 03 your exercises can replace ({@code ./course run 03-optimization --mine}): the per-depth rates
 * (3.1), the slanted triangular schedule (3.2), the unfreezing plan (3.3), the Fisher diagonal behind EWC (3.5) and
 * the forgetting measure of the sequential part (3.6).
 */
final class Yours {

    private Yours() {
    }

    /** Stops the lab up front, naming every exercise it needs that is not done yet. */
    static void check() {
        Mine.probes("03-optimization")
                .add("3.1 (LearningRates.layerRates)", () -> LearningRates.layerRates(1, 2, 0.5))
                .add("3.2 (LearningRates.slantedTriangular)", () -> LearningRates.slantedTriangular(10, 0.1, 32, 1))
                .add("3.3 (LearningRates.unfreezingPlan)", () -> LearningRates.unfreezingPlan(2, 2, 1))
                .add("3.5 (Regularisers.diagonalFisher)", () -> Regularisers.diagonalFisher(new NDArray[0], 0, n -> null))
                .add("3.6 (ForgettingMeasure.averageForgetting)", () -> ForgettingMeasure.averageForgetting(
                        new double[][] {{1, Double.NaN}, {0.5, 1}}))
                .require();
    }

    /** One group per depth at η · (1/2.6)^(top − d): yours with {@code --mine}, else the library's. */
    static List<ParamGroup> layerGroups(NamedParameters model) {
        int top = LayerRates.topDepth(model);
        double[] scales = Mine.enabled() ? LearningRates.layerRates(1, top, 1 / LayerRates.ULMFIT_FACTOR)
                : LayerRates.discriminative(1, top, LayerRates.ULMFIT_FACTOR);
        return LayerRates.groups(model, scales);
    }

    /** ULMFiT's schedule over {@code total} steps (cut_frac 0.1, ratio 32), as factors of the top rate. */
    static Schedule slantedTriangular(int total) {
        if (!Mine.enabled()) {
            return Schedules.slantedTriangular(total, 0.1, 32);
        }
        double[] rates = LearningRates.slantedTriangular(total, 0.1, 32, 1);
        return step -> rates[Math.min(step, rates.length - 1)];
    }

    /** Gradual unfreezing, one depth per epoch from the top. */
    static TrainLoop.Freezing unfreezing(NamedParameters model) {
        if (!Mine.enabled()) {
            return GradualUnfreezing.freezing(model, 1);
        }
        int top = LayerRates.topDepth(model);
        return (name, epoch) -> {
            boolean[][] plan = LearningRates.unfreezingPlan(top, epoch + 1, 1);
            return !plan[epoch][model.depthOf(name)];
        };
    }

    /** The Fisher diagonal of {@code model}'s loss over single-example batches, for the names {@code select} takes. */
    static <B extends Batch> Fisher fisher(Objective<B> model, BatchSource<B> examples, Predicate<String> select) {
        if (!Mine.enabled()) {
            return Fisher.diagonal(model, examples, select);
        }
        List<ParameterMap.Entry> chosen = new ArrayList<>();
        List<ParameterMap.Entry> others = new ArrayList<>();
        model.namedParameters().forEach(e -> (select.test(e.name()) && e.parameter().requiresGradient() ? chosen : others)
                .add(e));
        NDArray[] params = chosen.stream().map(e -> e.parameter().getArray()).toArray(NDArray[]::new);
        ParameterStore store = new ParameterStore(params[0].getManager(), false);
        List<Boolean> trained = others.stream().map(e -> e.parameter().requiresGradient()).toList();
        others.forEach(e -> e.parameter().freeze(true));
        try {
            NDArray[] f = Regularisers.diagonalFisher(params, examples.batches(),
                    n -> model.loss(store, examples.batch(params[0].getManager(), 0, n), false));
            Map<String, NDArray> byName = new LinkedHashMap<>();
            for (int i = 0; i < f.length; i++) {
                byName.put(chosen.get(i).name(), f[i]);
            }
            return Fisher.of(byName, examples.batches());
        } finally {
            for (int i = 0; i < others.size(); i++) {
                others.get(i).parameter().freeze(!trained.get(i));
            }
        }
    }

    /** Chaudhry et al.'s average forgetting of a score matrix. */
    static double averageForgetting(double[][] scores) {
        return Mine.enabled() ? ForgettingMeasure.averageForgetting(scores) : Forgetting.average(scores);
    }
}
