package org.tlnlp.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.tlnlp.engine.Engines;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.util.Pair;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The course's training loop: mini-batches from a {@link BatchSource}, AdamW, a learning-rate
 * {@link Schedule}, parameter groups with their own rates or frozen ({@link ParamGroup}), optional
 * clipping of the global gradient norm, a progress bar, and a {@link History} of every logged metric.
 *
 * <p>The model's block must be initialised (and pre-trained values set) before {@link #fit}: the loop
 * never re-initialises parameters, so fine-tuning starts from exactly the weights it is given.
 */
public final class TrainLoop {

    /** Computes validation metrics after each epoch (e.g. accuracy); may be null. */
    @FunctionalInterface
    public interface Evaluation {
        Map<String, Double> evaluate(Model model, int epoch);
    }

    private final Loss loss;
    private final double learningRate;
    private final Schedule schedule;
    private final List<ParamGroup> groups;
    private final double weightDecay;
    private final double clipGradNorm;
    private final int epochs;
    private final int logEvery;
    private final String label;
    private final Evaluation evaluation;

    private TrainLoop(Builder b) {
        this.loss = Objects.requireNonNull(b.loss, "loss");
        this.learningRate = b.learningRate;
        this.schedule = b.schedule;
        this.groups = List.copyOf(b.groups);
        this.weightDecay = b.weightDecay;
        this.clipGradNorm = b.clipGradNorm;
        this.epochs = b.epochs;
        this.logEvery = b.logEvery;
        this.label = b.label;
        this.evaluation = b.evaluation;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The group a parameter name belongs to, or null for "base rate, trainable". */
    ParamGroup groupOf(String parameterName) {
        for (ParamGroup g : groups) {
            if (g.selects().test(parameterName)) {
                return g;
            }
        }
        return null;
    }

    /** Trains {@code model} on {@code train} and returns what was logged: train loss per step, metrics per epoch. */
    public History fit(Model model, BatchSource train) {
        History history = new History();
        int totalSteps = epochs * train.batches();
        int[] step = {0};

        // Per-parameter learning rates: base rate x schedule(step) x the group's scale.
        Map<String, Double> scaleById = new HashMap<>();
        Map<Parameter, Boolean> wasTrainable = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            ParamGroup g = groupOf(p.getKey());
            Parameter parameter = p.getValue();
            wasTrainable.put(parameter, parameter.requiresGradient());
            if (g != null) {
                parameter.freeze(g.frozen()); // parameters no group names keep the state they have
            }
            scaleById.put(parameter.getId(), g == null ? 1.0 : g.lrScale());
        }
        ParameterTracker rates = (parameterId, numUpdate) ->
                (float) (learningRate * schedule.factor(step[0]) * scaleById.getOrDefault(parameterId, 1.0));
        Optimizer optimizer = Optimizer.adamW().optLearningRateTracker(rates)
                .optWeightDecays((float) weightDecay).build();

        try {
            List<Parameter> trainable = new ArrayList<>();
            for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                if (p.getValue().requiresGradient()) {
                    trainable.add(p.getValue());
                }
            }
            ParameterStore store = new ParameterStore(model.getNDManager(), false);
            ProgressBar bar = new ProgressBar(label, totalSteps, "ex");
            int badSteps = 0;
            for (int epoch = 0; epoch < epochs; epoch++) {
                double lossSum = 0;
                int lossCount = 0;
                for (int i = 0; i < train.batches(); i++) {
                    try (NDManager scope = model.getNDManager().newSubManager()) {
                        Batch batch = train.batch(scope, epoch, i);
                        NDArray value;
                        try (GradientCollector collector = Engines.engine().newGradientCollector()) {
                            NDList predictions = model.getBlock().forward(store, batch.inputs(), true);
                            value = loss.evaluate(batch.labels(), predictions);
                            collector.backward(value);
                        }
                        // A step whose gradients are not finite (an overflow, a NaN) is skipped, not applied:
                        // one bad batch must not ruin the weights. Skipped steps are counted in the history.
                        // Each gradient is taken once per step and attached to the step's scope, so the handle
                        // and everything computed from it (the norm, the clipping) are freed with the batch.
                        List<Parameter> used = new ArrayList<>();
                        List<NDArray> grads = new ArrayList<>();
                        for (Parameter p : trainable) {
                            if (p.getArray().hasGradient()) {
                                NDArray g = p.getArray().getGradient();
                                g.attach(scope);
                                used.add(p);
                                grads.add(g);
                            }
                        }
                        double norm = clipGlobalNorm(grads, clipGradNorm);
                        if (Double.isFinite(norm)) {
                            for (int k = 0; k < used.size(); k++) {
                                optimizer.update(used.get(k).getId(), used.get(k).getArray(), grads.get(k));
                            }
                            badSteps = 0;
                        } else {
                            badSteps++;
                            history.log(step[0], epoch, "skipped_step", 1);
                            if (badSteps > 20) {
                                throw new IllegalStateException(label + ": the gradients were not finite for "
                                        + badSteps + " steps in a row (up to step " + step[0] + "); lower the learning rate");
                            }
                        }
                        for (NDArray g : grads) {
                            // gradients accumulate across backward passes: reset them (a non-finite one by
                            // overwriting, since NaN - NaN is still NaN)
                            if (Double.isFinite(norm)) {
                                g.subi(g);
                            } else {
                                g.set(new ai.djl.ndarray.index.NDIndex(":"), 0);
                            }
                        }
                        if (step[0] % logEvery == 0 || i == train.batches() - 1) {
                            double v = value.getFloat();
                            if (Double.isFinite(v)) {
                                lossSum += v;
                                lossCount++;
                            }
                            history.log(step[0], epoch, "train_loss", v);
                            history.log(step[0], epoch, "learning_rate", learningRate * schedule.factor(step[0]));
                            bar.step(batch.size(), String.format(Locale.ROOT, "epoch %d loss %.4f", epoch + 1, v));
                        } else {
                            bar.step(batch.size(), "");
                        }
                    }
                    step[0]++;
                }
                history.log(step[0], epoch, "epoch_train_loss", lossSum / Math.max(1, lossCount));
                if (evaluation != null) {
                    int done = epoch;
                    evaluation.evaluate(model, epoch).forEach((k, v) -> history.log(step[0], done, k, v));
                }
            }
        } finally {
            wasTrainable.forEach((p, t) -> p.freeze(!t));
        }
        return history;
    }

    /**
     * Returns the global norm ||g|| of all the gradients together (one number read back per step) and, when
     * {@code max > 0}, scales them in place by min(1, max / ||g||). Temporaries go to the gradients' manager.
     */
    static double clipGlobalNorm(List<NDArray> grads, double max) {
        if (grads.isEmpty()) {
            return 0;
        }
        NDArray squared = null;
        for (NDArray g : grads) {
            NDArray s = g.square().sum();
            squared = squared == null ? s : squared.add(s);
        }
        NDArray norm = squared.sqrt();
        double value = norm.getFloat();
        if (max > 0 && Double.isFinite(value)) {
            // factor = min(1, max / norm), applied on the device
            NDArray factor = norm.add(1e-6).pow(-1).mul(max).minimum(1f);
            for (NDArray g : grads) {
                g.muli(factor);
            }
        }
        return value;
    }

    /** Settings of a {@link TrainLoop}. */
    public static final class Builder {
        private Loss loss;
        private double learningRate = 1e-3;
        private Schedule schedule = Schedules.constant();
        private final List<ParamGroup> groups = new ArrayList<>();
        private double weightDecay = 0.0;
        private double clipGradNorm = 0.0;
        private int epochs = 1;
        private int logEvery = 10;
        private String label = "train";
        private Evaluation evaluation;

        public Builder loss(Loss loss) {
            this.loss = loss;
            return this;
        }

        public Builder learningRate(double lr) {
            this.learningRate = lr;
            return this;
        }

        public Builder schedule(Schedule schedule) {
            this.schedule = schedule;
            return this;
        }

        public Builder group(ParamGroup group) {
            this.groups.add(group);
            return this;
        }

        public Builder weightDecay(double wd) {
            this.weightDecay = wd;
            return this;
        }

        /** Clip the global gradient norm to {@code max} (0 turns clipping off). */
        public Builder clipGradNorm(double max) {
            this.clipGradNorm = max;
            return this;
        }

        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** Log the training loss every {@code steps} steps (each log reads one number back from the device). */
        public Builder logEvery(int steps) {
            this.logEvery = Math.max(1, steps);
            return this;
        }

        public Builder label(String label) {
            this.label = label;
            return this;
        }

        public Builder evaluation(Evaluation evaluation) {
            this.evaluation = evaluation;
            return this;
        }

        public TrainLoop build() {
            return new TrainLoop(this);
        }
    }
}
