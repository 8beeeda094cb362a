package org.tlnlp.analysis;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.NoGradient;
import org.tlnlp.engine.Rng;
import org.tlnlp.nn.HostArrays;
import org.tlnlp.nn.ParameterMap;
import org.tlnlp.train.ArrayBatches;
import org.tlnlp.train.FeatureBatch;
import org.tlnlp.train.History;
import org.tlnlp.train.Objective;
import org.tlnlp.train.Recipe;
import org.tlnlp.train.Schedules;
import org.tlnlp.train.TrainLoop;

/**
 * A softmax-regression classifier on fixed features: the linear probe of representation analysis, and
 * the simplest classifier to study domain shift with. Trained with the course's {@link TrainLoop}.
 */
public final class LinearProbe implements AutoCloseable {

    /** Training settings. */
    public record Settings(int epochs, int batchSize, double learningRate, double weightDecay) {

        public static Settings defaults() {
            return new Settings(10, 64, 1e-2, 1e-4);
        }
    }

    private final Model model;
    private final History history;
    private final int features;

    private LinearProbe(Model model, History history, int features) {
        this.model = model;
        this.history = history;
        this.features = features;
    }

    /** Trains on rows {@code x} with labels {@code y} in {@code [0, classes)}. */
    public static LinearProbe train(float[][] x, int[] y, int classes, Settings settings, Rng rng, String label) {
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] >= classes) {
                throw new IllegalArgumentException("label " + y[i] + " of row " + i + " is outside [0, " + classes + ")");
            }
        }
        Model model = Model.newInstance("linear-probe", Engines.device(), Engines.engine().getEngineName());
        Linear block = Linear.builder().setUnits(classes).build();
        model.setBlock(block);
        rng.seedEngine();
        block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, x[0].length));
        ArrayBatches batches = new ArrayBatches(x, y, settings.batchSize(), rng.split("batches"));
        int steps = settings.epochs() * batches.batches();
        History history = TrainLoop.builder()
                .recipe(Recipe.fineTuning(settings.learningRate()).withWeightDecay(settings.weightDecay()).withClipping(0))
                .schedule(Schedules.linearWarmupDecay(Math.min(steps / 10, 100), steps)) // the warm-up is capped
                .epochs(settings.epochs())
                .label(label)
                .logEvery(Math.max(1, steps / 50))
                .build()
                .fit(objective(block), batches);
        return new LinearProbe(model, history, x[0].length);
    }

    /** Softmax regression's objective: the cross-entropy of the linear layer's scores. */
    private static Objective<FeatureBatch> objective(Linear linear) {
        Loss crossEntropy = Loss.softmaxCrossEntropyLoss();
        return new Objective<>() {
            @Override
            public NDArray loss(ParameterStore store, FeatureBatch batch, boolean training) {
                NDArray logits = linear.forward(store, new NDList(batch.x()), training).singletonOrThrow();
                return crossEntropy.evaluate(new NDList(batch.labels()), new NDList(logits));
            }

            @Override
            public ParameterMap namedParameters() {
                return new ParameterMap().put("weight", linear.getParameters().get("weight"))
                        .put("bias", linear.getParameters().get("bias"));
            }
        };
    }

    /** Class scores (logits) for each row. */
    public NDArray logits(NDArray x) {
        try (NoGradient ignored = NoGradient.open()) {
            if (x.getShape().dimension() != 2 || x.getShape().get(1) != features) {
                throw new IllegalArgumentException("features of shape " + x.getShape() + " but the probe expects (n, "
                        + features + ")");
            }
            return model.getBlock().forward(new ParameterStore(x.getManager(), false), new NDList(x), false).singletonOrThrow();
        }
    }

    /** The predicted class of each row. */
    public int[] predict(float[][] x) {
        try (NDManager scope = model.getNDManager().newSubManager()) {
            NDArray in = HostArrays.matrix(scope, x);
            return logits(in).argMax(1).toType(DataType.INT32, false).toIntArray();
        }
    }

    /** The share of rows whose predicted class is {@code y}. */
    public double accuracy(float[][] x, int[] y) {
        int[] p = predict(x);
        int right = 0;
        for (int i = 0; i < y.length; i++) {
            if (p[i] == y[i]) {
                right++;
            }
        }
        return right / (double) y.length;
    }

    public History history() {
        return history;
    }

    @Override
    public void close() {
        model.close();
    }
}
