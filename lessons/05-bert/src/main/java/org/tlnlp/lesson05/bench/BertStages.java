package org.tlnlp.lesson05.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.tlnlp.models.bert.Bert;
import org.tlnlp.models.bert.BertConfig;
import org.tlnlp.nn.Attention;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Our BERT's forward pass replayed stage by stage, with the model's own weights (found by their checkpoint
 * names) and the same NDArray operations {@link Bert} performs, timing each stage: where the time of a forward
 * pass goes. The replay's output is checked against the model's, and its total against the model's own time.
 * (PyTorch runs CPU operations synchronously, so a clock around a few operations measures them.)
 */
final class BertStages {

    private final Map<Stage, Long> nanos = new EnumMap<>(Stage.class);
    private final BertWeights weights;
    private final BertConfig config;

    BertStages(Bert bert) {
        this.weights = new BertWeights(bert);
        this.config = weights.config;
    }

    /** Seconds spent in each stage over all {@link #forward} calls since the last {@link #reset}. */
    Map<Stage, Double> seconds() {
        Map<Stage, Double> out = new EnumMap<>(Stage.class);
        for (Stage s : Stage.values()) {
            out.put(s, nanos.getOrDefault(s, 0L) / 1e9);
        }
        return out;
    }

    void reset() {
        nanos.clear();
    }

    /** The last hidden state (B, T, H), as {@link Bert#forward} computes it, stage by stage. */
    NDArray forward(NDManager m, NDArray ids, NDArray types, NDArray mask) {
        long t = ids.getShape().get(1);
        NDArray additive = time(Stage.OTHER, () -> Attention.paddingMask(mask));
        NDArray sum = time(Stage.EMBEDDINGS, () -> {
            NDArray positions = m.arange(0, (int) t, 1, DataType.INT64).reshape(1, t);
            return weights.lookup("embeddings.word_embeddings.weight", ids)
                    .add(weights.lookup("embeddings.position_embeddings.weight", positions))
                    .add(weights.lookup("embeddings.token_type_embeddings.weight", types));
        });
        NDArray h = time(Stage.ADD_NORM, () -> weights.norm("embeddings.LayerNorm", sum));
        for (int i = 0; i < config.layers(); i++) {
            try (NDManager layer = m.newSubManager()) { // as Bert does without training: temporaries freed per layer
                h.tempAttach(layer);
                h = layer(i, h, additive);
                h.attach(m);
            }
        }
        NDArray last = h;
        time(Stage.POOLER, () -> weights.dense("pooler.dense", last.get(":, 0, :").reshape(last.getShape().get(0),
                config.hidden())).tanh());
        return last;
    }

    /** Encoder layer {@code i}, stage by stage. */
    private NDArray layer(int i, NDArray x, NDArray additive) {
        String p = "encoder.layer." + i + ".";
        NDArray q = time(Stage.PROJECTIONS, () -> weights.dense(p + "attention.self.query", x));
        NDArray k = time(Stage.PROJECTIONS, () -> weights.dense(p + "attention.self.key", x));
        NDArray v = time(Stage.PROJECTIONS, () -> weights.dense(p + "attention.self.value", x));
        NDArray context = time(Stage.ATTENTION, () -> Attention.mergeHeads(Attention.scaledDotProduct(
                Attention.splitHeads(q, config.heads()), Attention.splitHeads(k, config.heads()),
                Attention.splitHeads(v, config.heads()), additive, 0f, false).get(0)));
        NDArray projected = time(Stage.PROJECTIONS, () -> weights.dense(p + "attention.output.dense", context));
        NDArray a = time(Stage.ADD_NORM, () -> weights.norm(p + "attention.output.LayerNorm", x.add(projected)));
        NDArray inner = time(Stage.FEED_FORWARD, () -> weights.dense(p + "intermediate.dense", a));
        NDArray activated = time(Stage.GELU, () -> config.activation().apply(inner));
        NDArray out = time(Stage.FEED_FORWARD, () -> weights.dense(p + "output.dense", activated));
        return time(Stage.ADD_NORM, () -> weights.norm(p + "output.LayerNorm", a.add(out)));
    }

    private NDArray time(Stage stage, Supplier<NDArray> work) {
        long t0 = System.nanoTime();
        NDArray out = work.get();
        nanos.merge(stage, System.nanoTime() - t0, Long::sum);
        return out;
    }
}
