package org.tlnlp.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.util.Pair;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.NoGradient;
import org.tlnlp.nn.ParameterMap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The course's training loop: typed mini-batches from a {@link BatchSource}, the loss an {@link Objective}
 * computes, AdamW under a named {@link Recipe} (schedule, warm-up, weight decay, clipping), parameter groups
 * chosen by checkpoint name with their own rates or frozen ({@link ParamGroup}), a progress bar, and a
 * {@link History} of every logged metric.
 *
 * <p>The model must be initialised (and pre-trained values set) before {@link #fit}: the loop never
 * re-initialises parameters, so fine-tuning starts from exactly the weights it is given. Each step's arrays
 * live in a scope of the parameters' manager that closes with the step.
 */
public final class TrainLoop {

    /** Computes validation metrics after each epoch (e.g. accuracy); may be null. */
    @FunctionalInterface
    public interface Evaluation {
        Map<String, Double> evaluate(int epoch);
    }

    /**
     * Which trainable parameters sit out an epoch (gradual unfreezing, {@link GradualUnfreezing}): asked at the
     * start of every epoch for each parameter the groups leave trainable; a parameter it names gets no gradient
     * and no update (not even weight decay or momentum) during that epoch.
     */
    @FunctionalInterface
    public interface Freezing {
        boolean frozen(String parameterName, int epoch);
    }

    private final Recipe recipe;
    private final Schedule scheduleOverride;
    private final List<ParamGroup> groups;
    private final int epochs;
    private final int logEvery;
    private final String label;
    private final Evaluation evaluation;
    private final Freezing freezing;

    private TrainLoop(Builder b) {
        this.recipe = Objects.requireNonNull(b.recipe, "recipe");
        this.scheduleOverride = b.schedule;
        this.groups = List.copyOf(b.groups);
        this.epochs = b.epochs;
        this.logEvery = b.logEvery;
        this.label = b.label;
        this.evaluation = b.evaluation;
        this.freezing = b.freezing;
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

    /** One parameter the loop updates: its name, its optimiser (with or without weight decay). */
    private record Trainable(String name, Parameter parameter, Optimizer optimizer) {
    }

    /** Trains {@code model} on {@code data} and returns what was logged: train loss per step, metrics per epoch. */
    public <B extends Batch> History fit(Objective<B> model, BatchSource<B> data) {
        History history = new History();
        int total = epochs * data.batches();
        Schedule schedule = scheduleOverride != null ? scheduleOverride : recipe.schedule(total);
        int[] step = {0};
        Map<Parameter, Boolean> wasTrainable = new IdentityHashMap<>();
        List<Trainable> trainable = prepare(model, schedule, step, wasTrainable);
        NDManager manager = model.namedParameters().iterator().next().parameter().getArray().getManager();
        try {
            ParameterStore store = new ParameterStore(manager, false);
            ProgressBar bar = new ProgressBar(label, total, "ex");
            int badSteps = 0;
            for (int epoch = 0; epoch < epochs; epoch++) {
                if (freezing != null) {
                    for (Trainable t : trainable) {
                        t.parameter().freeze(freezing.frozen(t.name(), epoch));
                    }
                }
                double lossSum = 0;
                int lossCount = 0;
                for (int i = 0; i < data.batches(); i++) {
                    try (NDManager scope = manager.newSubManager()) {
                        B batch = data.batch(scope, epoch, i);
                        Step done = step(model, store, batch, trainable, scope);
                        if (!done.applied()) {
                            badSteps++;
                            history.log(step[0], epoch, "skipped_step", 1);
                            if (badSteps > 20) {
                                throw new IllegalStateException(label + ": the gradients were not finite for "
                                        + badSteps + " steps in a row (up to step " + step[0] + "); lower the learning rate");
                            }
                        } else {
                            badSteps = 0;
                        }
                        if (step[0] % logEvery == 0 || i == data.batches() - 1) {
                            double v = done.loss().getFloat();
                            if (Double.isFinite(v)) {
                                lossSum += v;
                                lossCount++;
                            }
                            log(history, bar, batch, step[0], epoch, v, schedule);
                        } else {
                            bar.step(batch.size(), "");
                        }
                    }
                    step[0]++;
                }
                history.log(step[0], epoch, "epoch_train_loss", lossSum / Math.max(1, lossCount));
                if (evaluation != null) {
                    int done = epoch;
                    NoGradient.call(() -> evaluation.evaluate(done)).forEach((k, v) -> history.log(step[0], done, k, v));
                }
            }
        } finally {
            wasTrainable.forEach((p, t) -> p.freeze(!t));
        }
        return history;
    }

    /**
     * Freezes the groups that say so, gives every other parameter its learning rate (base rate × schedule ×
     * the group's scale) and its optimiser: AdamW with the recipe's weight decay, or without it for 1-D
     * parameters unless the recipe decays them too. Every parameter of the model must have a checkpoint name.
     */
    private List<Trainable> prepare(Objective<?> model, Schedule schedule, int[] step, Map<Parameter, Boolean> wasTrainable) {
        ParameterMap names = model.namedParameters();
        if (model instanceof Block block) {
            for (Pair<String, Parameter> p : block.getParameters()) {
                if (names.nameOf(p.getValue()) == null) {
                    throw new IllegalStateException(model.getClass().getSimpleName() + "'s parameter " + p.getKey()
                            + " has no checkpoint name: add it to namedParameters()");
                }
            }
        }
        Map<String, Double> scaleById = new HashMap<>();
        ParameterTracker rates = (parameterId, numUpdate) ->
                (float) (recipe.learningRate() * schedule.factor(step[0]) * scaleById.getOrDefault(parameterId, 1.0));
        Optimizer decayed = Optimizer.adamW().optLearningRateTracker(rates).optWeightDecays((float) recipe.weightDecay()).build();
        Optimizer undecayed = Optimizer.adamW().optLearningRateTracker(rates).optWeightDecays(0f).build();
        List<Trainable> out = new ArrayList<>();
        for (ParameterMap.Entry e : inBlockOrder(model, names)) {
            Parameter p = e.parameter();
            ParamGroup g = groupOf(e.name());
            wasTrainable.put(p, p.requiresGradient());
            if (g != null) {
                p.freeze(g.frozen()); // parameters no group names keep the state they have
            }
            scaleById.put(p.getId(), g == null ? 1.0 : g.lrScale());
            if (p.requiresGradient()) {
                boolean vector = p.getArray().getShape().dimension() <= 1;
                out.add(new Trainable(e.name(), p, vector && !recipe.decayVectors() ? undecayed : decayed));
            }
        }
        return out;
    }

    /** The named parameters in the order the block holds them (the order gradient norms are summed in). */
    private static List<ParameterMap.Entry> inBlockOrder(Objective<?> model, ParameterMap names) {
        List<ParameterMap.Entry> out = new ArrayList<>();
        if (model instanceof Block block) {
            for (Pair<String, Parameter> p : block.getParameters()) {
                out.add(names.get(names.nameOf(p.getValue())));
            }
            return out;
        }
        names.forEach(out::add);
        return out;
    }

    /** What one step did: its loss, and whether its update was applied. */
    private record Step(NDArray loss, boolean applied) {
    }

    /**
     * One optimisation step: forward, backward, then the update if the gradients are finite; a step whose
     * gradients are not finite is skipped: one bad batch (an overflow, a NaN) must not ruin the weights.
     */
    private <B extends Batch> Step step(Objective<B> model, ParameterStore store, B batch, List<Trainable> trainable,
                                           NDManager scope) {
        NDArray loss;
        try (GradientCollector collector = Engines.engine().newGradientCollector()) {
            loss = model.loss(store, batch, true);
            collector.backward(loss);
        }
        // Each gradient is taken once per step and attached to the step's scope, so the handle and everything
        // computed from it (the norm, the clipping) are freed with the batch. A parameter no loss reaches has
        // no defined gradient: only parameters with one take part.
        List<Trainable> used = new ArrayList<>();
        List<NDArray> grads = new ArrayList<>();
        for (Trainable t : trainable) {
            NDArray w = t.parameter().getArray();
            if (w.hasGradient()) {
                NDArray g = w.getGradient();
                g.attach(scope);
                used.add(t);
                grads.add(g);
            }
        }
        boolean finite = clipOrSkip(grads, recipe.clipNorm());
        if (finite) {
            for (int k = 0; k < used.size(); k++) {
                Trainable t = used.get(k);
                t.optimizer().update(t.parameter().getId(), t.parameter().getArray(), grads.get(k));
            }
        }
        for (NDArray g : grads) {
            // gradients accumulate across backward passes: reset them (a non-finite one by overwriting, since
            // NaN - NaN is still NaN)
            if (finite) {
                g.subi(g);
            } else {
                g.set(new NDIndex(":"), 0);
            }
        }
        return new Step(loss, finite);
    }

    /** Clips the gradients to the global norm {@code max} (if positive); false when their norm is not finite. */
    private static boolean clipOrSkip(List<NDArray> grads, double max) {
        return Double.isFinite(clipGlobalNorm(grads, max));
    }

    private void log(History history, ProgressBar bar, Batch batch, int step, int epoch, double loss, Schedule schedule) {
        history.log(step, epoch, "train_loss", loss);
        history.log(step, epoch, "learning_rate", recipe.learningRate() * schedule.factor(step));
        bar.step(batch.size(), String.format(Locale.ROOT, "epoch %d loss %.4f", epoch + 1, loss));
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
        private Recipe recipe;
        private Schedule schedule;
        private final List<ParamGroup> groups = new ArrayList<>();
        private int epochs = 1;
        private int logEvery = 10;
        private String label = "train";
        private Evaluation evaluation;
        private Freezing freezing;

        /** The recipe: learning rate, schedule, warm-up, weight decay, clipping. */
        public Builder recipe(Recipe recipe) {
            this.recipe = recipe;
            return this;
        }

        /** A schedule of its own instead of the recipe's (e.g. one that caps the warm-up). */
        public Builder schedule(Schedule schedule) {
            this.schedule = schedule;
            return this;
        }

        public Builder group(ParamGroup group) {
            this.groups.add(group);
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

        /** Parameters that sit out some epochs (e.g. {@link GradualUnfreezing#freezing}); null for none. */
        public Builder freezing(Freezing freezing) {
            this.freezing = freezing;
            return this;
        }

        public TrainLoop build() {
            return new TrainLoop(this);
        }
    }
}
