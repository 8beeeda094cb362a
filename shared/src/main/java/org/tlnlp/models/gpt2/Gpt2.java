package org.tlnlp.models.gpt2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.tlnlp.engine.NoGradient;
import org.tlnlp.io.Checkpoints;
import org.tlnlp.io.LoadPolicy;
import org.tlnlp.io.LoadReport;
import org.tlnlp.io.SafeTensors;
import org.tlnlp.io.TensorSource;
import org.tlnlp.models.LanguageModeling;
import org.tlnlp.nn.Activations;
import org.tlnlp.nn.Attention;
import org.tlnlp.nn.AttentionFunction;
import org.tlnlp.nn.Dense;
import org.tlnlp.nn.Dropouts;
import org.tlnlp.nn.EmbeddingTable;
import org.tlnlp.nn.FixedBlock;
import org.tlnlp.nn.LayerNormalization;
import org.tlnlp.nn.ParameterMap;
import org.tlnlp.train.Objective;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * GPT-2 (Radford et al. 2019): a stack of Transformer decoder blocks only, trained to predict the next token.
 * Read top to bottom: causal self-attention, the MLP, one block, the model, its training objective (predict
 * the next token), generation, and at the end the names of every parameter in Hugging Face's checkpoints.
 *
 * <p>Blocks are "pre-LayerNorm": {@code x = x + attn(ln_1(x)); x = x + mlp(ln_2(x))}, and one more LayerNorm
 * follows the last block. The output layer is the token embedding matrix itself (tied weights):
 * {@code logits = ln_f(h) · wteᵀ}.
 *
 * <p>Inputs are token ids (B, T), right-padded when sequences differ in length: the causal mask already keeps
 * every real position from seeing the padding after it. A {@link KvCache} holds the keys and values of the
 * positions seen so far, so generation computes only the new token's row.
 */
public final class Gpt2 extends FixedBlock implements Objective<LmBatch> {

    /** Keys and values of every layer for the positions processed so far: (B, heads, T_past, d) each. */
    public record KvCache(List<NDArray> keys, List<NDArray> values) {
        /** Positions the cache covers. */
        public long length() {
            return keys.isEmpty() ? 0 : keys.get(0).getShape().get(2);
        }

        /** Frees the cache's arrays. */
        public void close() {
            keys.forEach(NDArray::close);
            values.forEach(NDArray::close);
        }
    }

    /** Masked multi-head self-attention with one fused projection to queries, keys and values. */
    public static final class CausalSelfAttention extends FixedBlock {
        final Dense qkv;        // c_attn: width → 3·width
        final Dense projection; // c_proj: width → width
        private final int heads;
        private final float dropout;

        CausalSelfAttention(Gpt2Config c) {
            qkv = addChildBlock("c_attn", new Dense(c.width(), 3L * c.width(), 0.02f));
            // GPT-2 scales the initial weights of the layers that write into the residual stream by 1/sqrt(2L).
            projection = addChildBlock("c_proj", new Dense(c.width(), c.width(), (float) (0.02 / Math.sqrt(2.0 * c.layers()))));
            heads = c.heads();
            dropout = c.dropout();
        }

        /**
         * x: (B, T, width), the new positions; pastK/pastV: the cached keys/values (or null); mask: the causal
         * mask (T, T_past + T). Returns the output (B, T, width), then all keys and values (past and new) for
         * the cache, then the weights.
         */
        NDList forward(ParameterStore s, NDArray x, NDArray pastK, NDArray pastV, NDArray mask, boolean training,
                       AttentionFunction fn) {
            NDList qkvSplit = qkv.forward(s, x, training).split(3, 2);
            NDArray q = Attention.splitHeads(qkvSplit.get(0), heads);
            NDArray k = Attention.splitHeads(qkvSplit.get(1), heads);
            NDArray v = Attention.splitHeads(qkvSplit.get(2), heads);
            if (pastK != null) {
                k = NDArrays.concat(new NDList(pastK, k), 2);
                v = NDArrays.concat(new NDList(pastV, v), 2);
            }
            NDList ctx = fn.apply(q, k, v, mask, training ? dropout : 0f, training);
            NDArray out = projection.forward(s, Attention.mergeHeads(ctx.get(0)), training);
            return new NDList(Dropouts.apply(out, dropout, training), k, v, ctx.get(1));
        }

        @Override
        protected NDList forwardInternal(ParameterStore s, NDList in, boolean training, PairList<String, Object> p) {
            NDArray x = in.get(0);
            long t = x.getShape().get(1);
            return new NDList(forward(s, x, null, null, causalMask(x.getManager(), t, t), training,
                    Attention::scaledDotProduct).get(0));
        }
    }

    /**
     * The additive causal mask for {@code tq} new queries after {@code tk - tq} cached positions: query i
     * (absolute position tk - tq + i) may see keys 0..tk - tq + i. Shape (tq, tk): 0 where allowed,
     * {@link Attention#MASKED} where not.
     */
    public static NDArray causalMask(NDManager manager, long tq, long tk) {
        NDArray keyPos = manager.arange(0, (int) tk, 1, DataType.INT32).reshape(1, tk);
        NDArray queryPos = manager.arange((int) (tk - tq), (int) tk, 1, DataType.INT32).reshape(tq, 1);
        return keyPos.gt(queryPos).toType(DataType.FLOAT32, false).mul(Attention.MASKED);
    }

    /** The position-wise feed-forward network: width → 4·width → GELU → width. */
    public static final class Mlp extends FixedBlock {
        final Dense up;   // c_fc
        final Dense down; // c_proj
        private final float dropout;

        Mlp(Gpt2Config c) {
            up = addChildBlock("c_fc", new Dense(c.width(), 4L * c.width(), 0.02f));
            down = addChildBlock("c_proj", new Dense(4L * c.width(), c.width(), (float) (0.02 / Math.sqrt(2.0 * c.layers()))));
            dropout = c.dropout();
        }

        NDArray forward(ParameterStore s, NDArray x, boolean training) {
            return Dropouts.apply(down.forward(s, Activations.geluTanh(up.forward(s, x, training)), training), dropout, training);
        }

        @Override
        protected NDList forwardInternal(ParameterStore s, NDList in, boolean training, PairList<String, Object> p) {
            return new NDList(forward(s, in.singletonOrThrow(), training));
        }
    }

    /** One decoder block: x + attn(ln_1(x)), then + mlp(ln_2(·)). */
    public static final class Block extends FixedBlock {
        final LayerNormalization norm1;
        final CausalSelfAttention attention;
        final LayerNormalization norm2;
        final Mlp mlp;

        Block(Gpt2Config c) {
            norm1 = addChildBlock("ln_1", new LayerNormalization(c.width(), c.eps()));
            attention = addChildBlock("attn", new CausalSelfAttention(c));
            norm2 = addChildBlock("ln_2", new LayerNormalization(c.width(), c.eps()));
            mlp = addChildBlock("mlp", new Mlp(c));
        }

        /** Returns the new hidden state, then the keys and values for the cache, then the attention weights. */
        NDList forward(ParameterStore s, NDArray x, NDArray pastK, NDArray pastV, NDArray mask, boolean training,
                       AttentionFunction fn) {
            NDList a = attention.forward(s, norm1.forward(s, x, training), pastK, pastV, mask, training, fn);
            NDArray h = x.add(a.get(0));
            NDArray out = h.add(mlp.forward(s, norm2.forward(s, h, training), training));
            return new NDList(out, a.get(1), a.get(2), a.get(3));
        }

        @Override
        protected NDList forwardInternal(ParameterStore s, NDList in, boolean training, PairList<String, Object> p) {
            NDArray x = in.get(0);
            long t = x.getShape().get(1);
            return new NDList(forward(s, x, null, null, causalMask(x.getManager(), t, t), training,
                    Attention::scaledDotProduct).get(0));
        }
    }

    /**
     * What a forward pass returns: next-token logits (B, T, vocab), the cache to continue from and, on
     * request, the hidden state after the embeddings and after every block (before the final LayerNorm).
     */
    public record Output(NDArray logits, KvCache cache, List<NDArray> hiddenStates) {
    }

    private final Gpt2Config config;
    final EmbeddingTable tokens;    // wte
    final EmbeddingTable positions; // wpe
    final List<Block> blocks = new ArrayList<>();
    final LayerNormalization finalNorm;
    private AttentionFunction attention = Attention::scaledDotProduct;

    public Gpt2(Gpt2Config config) {
        this.config = config;
        tokens = addChildBlock("wte", new EmbeddingTable(config.vocab(), config.width(), 0.02f));
        positions = addChildBlock("wpe", new EmbeddingTable(config.context(), config.width(), 0.01f));
        for (int i = 0; i < config.layers(); i++) {
            blocks.add(addChildBlock("h_" + i, new Block(config)));
        }
        finalNorm = addChildBlock("ln_f", new LayerNormalization(config.width(), config.eps()));
    }

    /** A new model with freshly initialised weights (seed the engine first for repeatable runs). */
    public static Gpt2 create(Gpt2Config config, NDManager manager) {
        Gpt2 g = new Gpt2(config);
        g.initialize(manager);
        return g;
    }

    public Gpt2Config config() {
        return config;
    }

    /** Replaces how attention is computed (an exercise plugs its own in here); returns this model. */
    public Gpt2 withAttention(AttentionFunction fn) {
        this.attention = fn;
        return this;
    }

    /**
     * The forward pass over {@code ids} (B, T), continuing after {@code past} (or from position 0 when null).
     * {@code all} also returns every block's hidden state.
     */
    public Output forward(ParameterStore s, NDArray ids, KvCache past, boolean training, boolean all) {
        long t = ids.getShape().get(1);
        long start = past == null ? 0 : past.length();
        if (start + t > config.context()) {
            throw new IllegalArgumentException("positions " + start + ".." + (start + t - 1) + " exceed the context of "
                    + config.context() + " tokens; crop the input or start a new cache");
        }
        NDArray pos = ids.getManager().arange((int) start, (int) (start + t), 1, DataType.INT64).reshape(1, t);
        NDArray h = tokens.forward(s, ids, training).add(positions.forward(s, pos, training));
        h = Dropouts.apply(h, config.dropout(), training);
        List<NDArray> hidden = new ArrayList<>();
        List<NDArray> keys = new ArrayList<>();
        List<NDArray> values = new ArrayList<>();
        if (all) {
            hidden.add(h);
        }
        NDArray mask = causalMask(ids.getManager(), t, start + t); // the same for every block
        for (int i = 0; i < blocks.size(); i++) {
            NDList out = blocks.get(i).forward(s, h, past == null ? null : past.keys().get(i),
                    past == null ? null : past.values().get(i), mask, training, attention);
            h = out.get(0);
            keys.add(out.get(1));
            values.add(out.get(2));
            if (all) {
                hidden.add(h);
            }
        }
        NDArray logits = Linear.linear(finalNorm.forward(s, h, training),
                s.getValue(tokens.weight, ids.getDevice(), training)).singletonOrThrow();
        return new Output(logits, new KvCache(keys, values), hidden);
    }

    /**
     * The language-modelling objective: the mean negative log-likelihood of the batch's targets (the next
     * token at every position) where its mask is 1. exp of it is the perplexity per token.
     */
    @Override
    public NDArray loss(ParameterStore s, LmBatch batch, boolean training) {
        NDArray logits = forward(s, batch.ids(), null, training, false).logits();
        return LanguageModeling.maskedMean(LanguageModeling.tokenNll(logits, batch.targets()), batch.targetMask());
    }

    /**
     * The mean loss (nats per predicted token) over whole sequences, {@code batch} at a time: every token after
     * the first of each sequence is predicted. exp of it is the perplexity.
     */
    public double meanLoss(NDManager manager, List<int[]> sequences, int batch) {
        try (NoGradient ignored = NoGradient.open()) {
            double sum = 0;
            long count = 0;
            ParameterStore store = new ParameterStore(manager, false);
            for (int from = 0; from < sequences.size(); from += batch) {
                try (NDManager scope = manager.newSubManager()) {
                    int[][] seqs = sequences.subList(from, Math.min(sequences.size(), from + batch)).toArray(new int[0][]);
                    LmBatch b = LmBatches.of(scope, seqs, new int[seqs.length], 0);
                    NDArray logits = forward(store, b.ids(), null, false, false).logits();
                    sum += LanguageModeling.tokenNll(logits, b.targets()).mul(b.targetMask()).sum().getFloat();
                    count += (long) b.targetMask().sum().getFloat();
                }
            }
            return sum / count;
        }
    }

    /** Input: ids (B, T); output: logits (B, T, vocab). */
    @Override
    protected NDList forwardInternal(ParameterStore s, NDList in, boolean training, PairList<String, Object> p) {
        return new NDList(forward(s, in.get(0), null, training, false).logits());
    }

    // ------------------------------------------------------------------ generation

    /**
     * Continues {@code prompt} by up to {@code maxNew} tokens, one at a time, each drawn from the model's
     * next-token distribution as {@code sampling} shapes it. Stops after {@code stopId} (if >= 0). With
     * {@code useCache} only the new token's row is computed at each step; without it, the whole sequence is run
     * again (same result, slower: the benchmark measures by how much).
     *
     * <p>The prompt and the new tokens must fit the context: a request that would run past it is an error up
     * front (as {@link #forward} is), never a silently shorter result. Crop the prompt, or ask for fewer tokens.
     *
     * @return the new tokens (the prompt not included)
     */
    public int[] generate(NDManager manager, int[] prompt, int maxNew, Sampling sampling, Random random,
                          int stopId, boolean useCache) {
        try (NoGradient ignored = NoGradient.open()) {
            if (prompt.length == 0) {
                throw new IllegalArgumentException("the prompt is empty: start it with a token, e.g. <|endoftext|>");
            }
            if (prompt.length + maxNew > config.context()) {
                throw new IllegalArgumentException("a prompt of " + prompt.length + " tokens and " + maxNew + " new ones "
                        + "exceed the context of " + config.context() + " tokens: ask for at most "
                        + Math.max(0, config.context() - prompt.length) + " new tokens, or crop the prompt");
            }
            for (int i = 0; i < prompt.length; i++) {
                if (prompt[i] < 0 || prompt[i] >= config.vocab()) {
                    throw new IllegalArgumentException("token " + i + " of the prompt, id " + prompt[i] + ", is outside the "
                            + "vocabulary of " + config.vocab() + " ids");
                }
            }
            ParameterStore s = new ParameterStore(manager, false);
            int budget = maxNew;
            int[] out = new int[budget];
            int n = 0;
            try (NDManager generation = manager.newSubManager()) {
                KvCache cache = null;
                int[] sequence = prompt.clone();
                while (n < budget) {
                    float[] next;
                    try (NDManager step = generation.newSubManager()) {
                        int[] feed = useCache && cache != null ? new int[] {sequence[sequence.length - 1]} : sequence;
                        NDArray ids = step.create(feed).toType(DataType.INT64, false).reshape(1, feed.length);
                        Output o = forward(s, ids, useCache ? cache : null, false, false);
                        next = o.logits().get("0, -1, :").toFloatArray();
                        if (useCache) {
                            KvCache old = cache;
                            cache = o.cache();
                            cache.keys().forEach(a -> a.attach(generation));
                            cache.values().forEach(a -> a.attach(generation));
                            if (old != null) {
                                old.close();
                            }
                        }
                    }
                    int token = sampling.choose(next, random);
                    out[n++] = token;
                    sequence = java.util.Arrays.copyOf(sequence, sequence.length + 1);
                    sequence[sequence.length - 1] = token;
                    if (token == stopId) {
                        break;
                    }
                }
            }
            return java.util.Arrays.copyOf(out, n);
        }
    }

    // ------------------------------------------------------------------ checkpoint names

    /**
     * Every parameter under its Hugging Face name (as in the {@code gpt2} checkpoint, without the
     * {@code transformer.} prefix). GPT-2's linear layers are "Conv1D" modules whose weight is stored (in, out).
     */
    @Override
    public ParameterMap namedParameters() {
        ParameterMap m = new ParameterMap();
        m.put("wte.weight", tokens.weight);
        m.put("wpe.weight", positions.weight);
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            String p = "h." + i + ".";
            m.norm(p + "ln_1", b.norm1);
            m.conv1d(p + "attn.c_attn", b.attention.qkv);
            m.conv1d(p + "attn.c_proj", b.attention.projection);
            m.norm(p + "ln_2", b.norm2);
            m.conv1d(p + "mlp.c_fc", b.mlp.up);
            m.conv1d(p + "mlp.c_proj", b.mlp.down);
        }
        m.norm("ln_f", finalNorm);
        return m;
    }

    /**
     * Copies a Hugging Face checkpoint ({@code model.safetensors}, names with or without the {@code transformer.}
     * prefix) into this model, strictly. Older checkpoints carry the causal mask as buffers ({@code attn.bias},
     * {@code attn.masked_bias}), and the output layer {@code lm_head.weight} is tied to {@code wte}: neither is a
     * weight of ours, so they are skipped.
     */
    public LoadReport loadWeights(Path safetensors) throws IOException {
        try (TensorSource file = SafeTensors.source(safetensors)) {
            boolean prefixed = file.shapes().containsKey("transformer.wte.weight");
            return Checkpoints.load(namedParameters(), file, LoadPolicy.strict().under(prefixed ? "transformer." : "")
                    .ignoring("*.attn.bias", "*.attn.masked_bias", "lm_head.weight"));
        }
    }

    /** 0 for the embeddings (and the tied output layer), i + 1 for block i, L + 1 for the final LayerNorm. */
    @Override
    public int depthOf(String name) {
        int block = ParameterMap.indexAfter(name, "h.");
        return name.startsWith("wte.") || name.startsWith("wpe.") ? 0 : block >= 0 ? block + 1
                : name.startsWith("ln_f.") ? blocks.size() + 1 : -1;
    }

    /**
     * The weights of block {@code i} as plain arrays, Hugging Face's orientation for the projections
     * ((in, out): y = x·W + b), for code that computes a block by hand, such as lesson 06's exercises.
     */
    public record BlockWeights(NDArray ln1Gamma, NDArray ln1Beta, NDArray qkvW, NDArray qkvB, NDArray projW,
                               NDArray projB, NDArray ln2Gamma, NDArray ln2Beta, NDArray fcW, NDArray fcB,
                               NDArray fcProjW, NDArray fcProjB, int heads, float eps) {
    }

    public BlockWeights blockWeights(int i) {
        Block b = blocks.get(i);
        return new BlockWeights(b.norm1.gamma.getArray(), b.norm1.beta.getArray(),
                b.attention.qkv.weight.getArray().transpose(), b.attention.qkv.bias.getArray(),
                b.attention.projection.weight.getArray().transpose(), b.attention.projection.bias.getArray(),
                b.norm2.gamma.getArray(), b.norm2.beta.getArray(), b.mlp.up.weight.getArray().transpose(),
                b.mlp.up.bias.getArray(), b.mlp.down.weight.getArray().transpose(), b.mlp.down.bias.getArray(),
                config.heads(), config.eps());
    }

    /** The token embedding matrix (vocab, width), which is also the output layer. */
    public Parameter tokenEmbeddings() {
        return tokens.weight;
    }
}
