package org.tlnlp.multitask;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.tlnlp.models.bert.BertClassifier;
import org.tlnlp.nn.FixedBlock;
import org.tlnlp.nn.HostArrays;
import org.tlnlp.nn.ParameterMap;
import org.tlnlp.train.Objective;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Several tasks learned at once (Caruana 1997). <b>Hard sharing</b>: one encoder every task reads, one head per
 * task. <b>Soft sharing</b> (Duong et al. 2015): one encoder per task, all of the same shape, and an L2 penalty
 * {@code λ Σ_i ‖θ_i − θ̄‖²} that keeps each task's encoder near the mean of all of them (θ̄), so the tasks share
 * by staying alike rather than by being the same weights.
 *
 * <p>A training step's loss is the {@link LossWeighting} of the tasks' mean losses in the step's
 * {@link MultitaskBatch} (one task's batch, or one of every task's), plus the penalty when sharing is soft.
 * Parameter names: {@code encoder.*} (hard) or {@code encoder.<task>.*} (soft), {@code head.<task>.weight} and
 * {@code .bias}, and the weighting's own ({@code weighting.log_sigma}).
 *
 * @param <I> what the encoder reads
 */
public final class MultitaskModel<I> extends FixedBlock implements Objective<MultitaskBatch<I>> {

    private final List<Task> tasks;
    private final List<Encoder<I>> encoders;
    private final List<TaskHead> heads = new ArrayList<>();
    private final LossWeighting weighting;
    private final float penalty;

    private MultitaskModel(List<Encoder<I>> encoders, List<Task> tasks, LossWeighting weighting, float penalty) {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("a multitask model needs at least one task");
        }
        if (tasks.stream().map(Task::name).distinct().count() != tasks.size()) {
            throw new IllegalArgumentException("task names must differ: " + tasks.stream().map(Task::name).toList());
        }
        this.tasks = List.copyOf(tasks);
        this.encoders = List.copyOf(encoders);
        this.weighting = weighting;
        this.penalty = penalty;
        for (int i = 0; i < encoders.size(); i++) {
            addChildBlock(encoders.size() == 1 ? "encoder" : "encoder_" + tasks.get(i).name(), encoders.get(i));
        }
        for (Task t : tasks) {
            heads.add(addChildBlock("head_" + t.name(), new TaskHead(t, encoders.get(0).hidden())));
        }
        if (weighting instanceof Block b) {
            addChildBlock("weighting", b);
        }
    }

    /** Hard sharing: {@code encoder} for every task. Initialise the model afterwards (a loaded encoder keeps its weights). */
    public static <I> MultitaskModel<I> hard(Encoder<I> encoder, List<Task> tasks, LossWeighting weighting) {
        return new MultitaskModel<>(List.of(encoder), tasks, weighting, 0f);
    }

    /**
     * Soft sharing: {@code encoders.get(i)} for task i, all of one shape, tied by {@code λ Σ_i ‖θ_i − θ̄‖²}. Give them
     * the same starting weights (copies of one encoder) so that the penalty starts at zero.
     */
    public static <I> MultitaskModel<I> soft(List<? extends Encoder<I>> encoders, List<Task> tasks, LossWeighting weighting,
                                             float lambda) {
        if (encoders.size() != tasks.size() || tasks.size() < 2) {
            throw new IllegalArgumentException("soft sharing needs one encoder per task and at least two tasks; got "
                    + encoders.size() + " encoders for " + tasks.size() + " tasks");
        }
        if (lambda < 0) {
            throw new IllegalArgumentException("the sharing penalty λ must be ≥ 0, not " + lambda);
        }
        return new MultitaskModel<>(new ArrayList<>(encoders), tasks, weighting, lambda);
    }

    public List<Task> tasks() {
        return tasks;
    }

    public boolean isSoft() {
        return encoders.size() > 1;
    }

    /** The encoder task {@code task} reads (the shared one under hard sharing). */
    public Encoder<I> encoder(int task) {
        return encoders.get(isSoft() ? task : 0);
    }

    public TaskHead head(int task) {
        return heads.get(task);
    }

    public LossWeighting weighting() {
        return weighting;
    }

    /** The index of the task named {@code name}. */
    public int indexOf(String name) {
        for (int i = 0; i < tasks.size(); i++) {
            if (tasks.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no task named '" + name + "'; the tasks are "
                + tasks.stream().map(Task::name).toList());
    }

    /** The class scores of a task's batch: (B, classes) or, for a token task, (B, T, classes). */
    public NDArray logits(ParameterStore store, TaskBatch<I> batch, boolean training) {
        Encoder<I> e = encoder(batch.task());
        NDArray states = e.encode(store, batch.input(), training);
        return heads.get(batch.task()).logits(store, states, e.mask(batch.input()), training);
    }

    /** A task's mean loss on its batch, unweighted. */
    public NDArray taskLoss(ParameterStore store, TaskBatch<I> batch, boolean training) {
        return heads.get(batch.task()).loss(logits(store, batch, training), batch);
    }

    @Override
    public NDArray loss(ParameterStore store, MultitaskBatch<I> batch, boolean training) {
        List<NDArray> losses = new ArrayList<>();
        for (TaskBatch<I> part : batch.parts()) {
            losses.add(taskLoss(store, part, training));
        }
        NDArray total = weighting.combine(store, batch.tasks(), losses);
        return isSoft() && penalty > 0 ? total.add(sharingPenalty(store).mul(penalty)) : total;
    }

    /**
     * Soft sharing's {@code Σ_i ‖θ_i − θ̄‖²} over the encoders' trainable parameters (θ̄ their mean), a scalar;
     * hard sharing has no penalty (an error).
     */
    public NDArray sharingPenalty(ParameterStore store) {
        if (!isSoft()) {
            throw new IllegalStateException("hard sharing has one encoder and no sharing penalty");
        }
        List<List<ParameterMap.Entry>> byEncoder = encoders.stream().map(e -> {
            List<ParameterMap.Entry> l = new ArrayList<>();
            e.namedParameters().forEach(l::add);
            return l;
        }).toList();
        NDArray sum = null;
        for (int p = 0; p < byEncoder.get(0).size(); p++) {
            if (!byEncoder.get(0).get(p).parameter().requiresGradient()) {
                continue;
            }
            List<NDArray> values = new ArrayList<>();
            for (List<ParameterMap.Entry> enc : byEncoder) {
                Parameter q = enc.get(p).parameter();
                values.add(store.getValue(q, q.getArray().getDevice(), true));
            }
            NDArray stacked = ai.djl.ndarray.NDArrays.stack(new NDList(values));
            NDArray term = stacked.sub(stacked.mean(new int[] {0}, true)).square().sum();
            sum = sum == null ? term : sum.add(term);
        }
        return sum;
    }

    /** The parameters every task's gradient reaches under hard sharing: the shared encoder's trainable ones. */
    public List<Parameter> sharedParameters() {
        if (isSoft()) {
            throw new IllegalStateException("under soft sharing no parameter is shared");
        }
        List<Parameter> out = new ArrayList<>();
        encoders.get(0).namedParameters().forEach(e -> {
            if (e.parameter().requiresGradient()) {
                out.add(e.parameter());
            }
        });
        return out;
    }

    /**
     * The predicted class of every example of {@code data} (as task {@code task}), in the data's order: one per
     * example, or for a token task one per labelled position, as {@link TaskData#gold()} lists them.
     */
    public int[] predict(NDManager manager, TaskData<I> data, int task, int batch) {
        ParameterStore store = new ParameterStore(manager, false);
        List<Integer> out = new ArrayList<>();
        for (int from = 0; from < data.size(); from += batch) {
            int[] pick = IntStream.range(from, Math.min(data.size(), from + batch)).toArray();
            try (NDManager scope = manager.newSubManager()) {
                TaskBatch<I> b = data.batch(scope, task, pick);
                NDArray logits = logits(store, b, false);
                int[] best = logits.argMax(-1).toType(DataType.INT32, false).toIntArray();
                if (b.labelMask() == null) {
                    for (int y : best) {
                        out.add(y);
                    }
                } else {
                    float[] mask = b.labelMask().toType(DataType.FLOAT32, false).toFloatArray();
                    for (int k = 0; k < best.length; k++) {
                        if (mask[k] > 0) {
                            out.add(best[k]);
                        }
                    }
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The encoder's vectors of every example of {@code data}, averaged over each example's positions (H values
     * each), read with task {@code task}'s encoder: the fixed features a new task's probe trains on.
     */
    public float[][] pooledFeatures(NDManager manager, TaskData<I> data, int task, int batch) {
        ParameterStore store = new ParameterStore(manager, false);
        float[][] out = new float[data.size()][];
        Encoder<I> e = encoder(task);
        for (int from = 0; from < data.size(); from += batch) {
            int[] pick = IntStream.range(from, Math.min(data.size(), from + batch)).toArray();
            try (NDManager scope = manager.newSubManager()) {
                I input = data.batch(scope, task, pick).input();
                float[][] rows = HostArrays.rows(BertClassifier.meanPool(
                        e.encode(store, input, false), e.mask(input)));
                System.arraycopy(rows, 0, out, from, rows.length);
            }
        }
        return out;
    }

    @Override
    public ParameterMap namedParameters() {
        ParameterMap m = new ParameterMap();
        if (isSoft()) {
            for (int i = 0; i < tasks.size(); i++) {
                m.putAll("encoder." + tasks.get(i).name() + ".", encoders.get(i).namedParameters());
            }
        } else {
            m.putAll("encoder.", encoders.get(0).namedParameters());
        }
        for (int i = 0; i < tasks.size(); i++) {
            m.putAll("head." + tasks.get(i).name() + ".", heads.get(i).namedParameters());
        }
        return m.putAll("weighting.", weighting.namedParameters());
    }

    /** The encoder's depths; the heads and the weighting sit on top (the encoder's deepest + 1). */
    @Override
    public int depthOf(String name) {
        if (name.startsWith("encoder.")) {
            String rest = name.substring("encoder.".length());
            if (isSoft()) {
                rest = rest.substring(rest.indexOf('.') + 1);
            }
            return encoders.get(0).depthOf(rest);
        }
        int top = 0;
        for (ParameterMap.Entry e : encoders.get(0).namedParameters()) {
            top = Math.max(top, encoders.get(0).depthOf(e.name()));
        }
        return top + 1;
    }

    @Override
    protected NDList forwardInternal(ParameterStore s, NDList in, boolean training, PairList<String, Object> p) {
        throw new UnsupportedOperationException("call loss or logits with typed task batches");
    }
}
