package org.tlnlp.lesson05.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.NoGradient;
import org.tlnlp.lab.Timing;
import org.tlnlp.models.bert.Bert;
import org.tlnlp.models.bert.BertBaseUncased;
import org.tlnlp.models.bert.BertConfig;
import org.tlnlp.models.bert.MiniLM;
import org.tlnlp.nn.Attention;
import org.tlnlp.text.BertTokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.tlnlp.lab.Timing.loadAverage;
import static org.tlnlp.lab.Timing.time;

/**
 * A/B trials of small changes to the inference arithmetic of our BERT, run as replays of its forward pass (the
 * model's own weights, found by their checkpoint names) that differ in one step each: where the attention scale
 * is applied, in-place element-wise steps, one fused Q/K/V product. Every variant's output is checked against the
 * model's; the variants run in turn, round after round, in one JVM, and each reports its median. This produced
 * the "tried" notes of {@code results/bench/bert.md}; run it with
 * {@code java -cp ... org.tlnlp.lesson05.bench.AttentionTrials [rounds]}. Nothing here is a test.
 */
public final class AttentionTrials {

    /** One way of computing the forward pass. */
    record Variant(String name, boolean fusedQkv, Scale scale, boolean inPlace) {
    }

    /** Where 1/sqrt(d) is applied. */
    enum Scale { SCORES, QUERY, SCORES_IN_PLACE }

    static final List<Variant> VARIANTS = List.of(
            new Variant("baseline (model as of main)", false, Scale.SCORES, false),
            new Variant("scale on q", false, Scale.QUERY, false),
            new Variant("scale+mask in place on scores", false, Scale.SCORES_IN_PLACE, false),
            new Variant("in-place residual adds", false, Scale.SCORES, true),
            new Variant("fused QKV product", true, Scale.SCORES, false),
            new Variant("all of the above (scale in place)", true, Scale.SCORES_IN_PLACE, true));

    private AttentionTrials() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Engines.engine();
        try (NoGradient ignored = NoGradient.open(); NDManager manager = Engines.newManager()) {
            BertTokenizer tokenizer = MiniLM.tokenizer();
            System.out.println("load average " + loadAverage());
            Bert mini = MiniLM.load(manager);
            trial("MiniLM", mini, manager, BertBench.brownIds(tokenizer, 1, 16), rounds, 30);
            trial("MiniLM", mini, manager, BertBench.brownIds(tokenizer, 32, 128), rounds, 2);
            Bert base = BertBaseUncased.load(manager).bert();
            trial("BERT-base", base, manager, BertBench.brownIds(tokenizer, 1, 16), rounds, 10);
            System.out.println("load average " + loadAverage());
        }
    }

    static void trial(String model, Bert bert, NDManager manager, long[][] ids, int rounds, int reps) {
        Replay replay = new Replay(bert);
        Map<Variant, List<Double>> times = new HashMap<>();
        List<Double> modelTimes = new ArrayList<>();
        for (Variant v : VARIANTS) { // check and warm up
            try (NDManager scope = manager.newSubManager()) {
                NDArray[] in = BertBench.inputs(scope, ids);
                NDArray expected = bert.forward(new ParameterStore(scope, false), in[0], in[1], in[2], false, false)
                        .lastHidden();
                float worst = expected.sub(replay.forward(scope, in, v)).abs().max().getFloat();
                System.out.printf(Locale.ROOT, "%s %d×%d %-36s max |Δ| vs model %.1e%n", model, ids.length,
                        ids[0].length, v.name(), worst);
            }
        }
        for (int r = 0; r < rounds; r++) {
            modelTimes.add(time(() -> {
                for (int i = 0; i < reps; i++) {
                    BertBench.ours(bert, manager, ids);
                }
            }) / reps);
            for (Variant v : VARIANTS) {
                times.computeIfAbsent(v, k -> new ArrayList<>()).add(time(() -> {
                    for (int i = 0; i < reps; i++) {
                        try (NDManager scope = manager.newSubManager()) {
                            replay.forward(scope, BertBench.inputs(scope, ids), v);
                        }
                    }
                }) / reps);
            }
        }
        double base = median(times.get(VARIANTS.get(0)));
        System.out.printf(Locale.ROOT, "%s %d×%d: the model itself %.2f ms (%d rounds × %d runs, medians)%n", model,
                ids.length, ids[0].length, 1000 * median(modelTimes), rounds, reps);
        for (Variant v : VARIANTS) {
            double m = median(times.get(v));
            System.out.printf(Locale.ROOT, "  %-36s %8.2f ms  %.3f of baseline  (rounds: %s)%n", v.name(), 1000 * m,
                    m / base, times.get(v).stream().map(t -> String.format(Locale.ROOT, "%.1f", 1000 * t)).toList());
        }
    }

    static double median(List<Double> v) {
        return Timing.median(v.stream().mapToDouble(Double::doubleValue).toArray());
    }


    /** The forward pass (last hidden state), one variant at a time. */
    static final class Replay {
        private final BertWeights weights;
        private final BertConfig config;
        private final Map<Integer, NDArray[]> fused = new HashMap<>();

        Replay(Bert bert) {
            weights = new BertWeights(bert);
            config = weights.config;
        }

        NDArray forward(NDManager m, NDArray[] in, Variant v) {
            NDArray ids = in[0];
            long t = ids.getShape().get(1);
            NDArray additive = Attention.paddingMask(in[2]);
            NDArray positions = m.arange(0, (int) t, 1, DataType.INT64).reshape(1, t);
            NDArray sum = weights.lookup("embeddings.word_embeddings.weight", ids)
                    .add(weights.lookup("embeddings.position_embeddings.weight", positions))
                    .add(weights.lookup("embeddings.token_type_embeddings.weight", in[1]));
            NDArray h = weights.norm("embeddings.LayerNorm", sum);
            for (int i = 0; i < config.layers(); i++) {
                try (NDManager layer = m.newSubManager()) {
                    h.tempAttach(layer);
                    h = layer(i, h, additive, v);
                    h.attach(m);
                }
            }
            return h;
        }

        private NDArray layer(int i, NDArray x, NDArray additive, Variant v) {
            String p = "encoder.layer." + i + ".";
            int heads = config.heads();
            NDArray q;
            NDArray k;
            NDArray vv;
            if (v.fusedQkv()) {
                NDArray[] qkv = fused.computeIfAbsent(i, j -> {
                    NDList ws = new NDList(weights.weight(p + "attention.self.query.weight"),
                            weights.weight(p + "attention.self.key.weight"), weights.weight(p + "attention.self.value.weight"));
                    NDList bs = new NDList(weights.weight(p + "attention.self.query.bias"),
                            weights.weight(p + "attention.self.key.bias"), weights.weight(p + "attention.self.value.bias"));
                    NDArray cw = NDArrays.concat(ws, 0);
                    NDArray cb = NDArrays.concat(bs, 0);
                    cw.attach(ws.get(0).getManager());
                    cb.attach(ws.get(0).getManager());
                    return new NDArray[] {cw, cb};
                });
                NDList split = Linear.linear(x, qkv[0], qkv[1]).singletonOrThrow().split(3, 2);
                q = split.get(0);
                k = split.get(1);
                vv = split.get(2);
            } else {
                q = weights.dense(p + "attention.self.query", x);
                k = weights.dense(p + "attention.self.key", x);
                vv = weights.dense(p + "attention.self.value", x);
            }
            q = Attention.splitHeads(q, heads);
            k = Attention.splitHeads(k, heads);
            vv = Attention.splitHeads(vv, heads);
            double d = q.getShape().get(3);
            NDArray scores;
            switch (v.scale()) {
                case QUERY -> scores = q.mul(1 / Math.sqrt(d)).matMul(k.transpose(0, 1, 3, 2)).add(additive);
                case SCORES_IN_PLACE -> scores = q.matMul(k.transpose(0, 1, 3, 2)).muli(1 / Math.sqrt(d)).addi(additive);
                default -> scores = q.matMul(k.transpose(0, 1, 3, 2)).div(Math.sqrt(d)).add(additive);
            }
            NDArray context = Attention.mergeHeads(scores.softmax(-1).matMul(vv));
            NDArray projected = weights.dense(p + "attention.output.dense", context);
            NDArray a = weights.norm(p + "attention.output.LayerNorm", v.inPlace() ? projected.addi(x) : x.add(projected));
            NDArray activated = config.activation().apply(weights.dense(p + "intermediate.dense", a));
            NDArray out = weights.dense(p + "output.dense", activated);
            return weights.norm(p + "output.LayerNorm", v.inPlace() ? out.addi(a) : a.add(out));
        }
    }
}
