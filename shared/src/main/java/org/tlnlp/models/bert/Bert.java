package org.tlnlp.models.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.tlnlp.engine.NoGradient;
import org.tlnlp.nn.Attention;
import org.tlnlp.nn.AttentionFunction;
import org.tlnlp.nn.Dense;
import org.tlnlp.nn.Dropouts;
import org.tlnlp.nn.EmbeddingTable;
import org.tlnlp.nn.FixedBlock;
import org.tlnlp.nn.LayerNormalization;
import org.tlnlp.nn.NamedParameters;
import org.tlnlp.nn.ParameterMap;

import java.util.ArrayList;
import java.util.List;

/**
 * BERT (Devlin et al. 2019): a stack of Transformer encoder layers only. Read top to bottom:
 * embeddings, self-attention, one encoder layer, the pooler, the whole model, and, at the end, the
 * names of every parameter in Hugging Face's checkpoints (each component is named like its checkpoint key).
 *
 * <p>Inputs: word-piece ids, token type ids and the attention mask, each (B, T). Outputs: the last
 * hidden state (B, T, H), the pooled [CLS] vector (B, H) and, on request, every layer's hidden states
 * and attention weights.
 */
public final class Bert extends FixedBlock implements NamedParameters {

    /** Token + position + segment embeddings, summed, then LayerNorm and dropout. */
    public static final class Embeddings extends FixedBlock {
        final EmbeddingTable word;
        final EmbeddingTable position;
        final EmbeddingTable tokenType;
        final LayerNormalization norm;
        private final float dropout;

        Embeddings(BertConfig c) {
            word = addChildBlock("word_embeddings", new EmbeddingTable(c.vocabSize(), c.hidden(), 0.02f));
            position = addChildBlock("position_embeddings", new EmbeddingTable(c.maxPositions(), c.hidden(), 0.02f));
            tokenType = addChildBlock("token_type_embeddings", new EmbeddingTable(c.typeVocab(), c.hidden(), 0.02f));
            norm = addChildBlock("LayerNorm", new LayerNormalization(c.hidden(), c.eps()));
            dropout = c.dropout();
        }

        NDArray forward(ParameterStore s, NDArray ids, NDArray types, boolean training) {
            long t = ids.getShape().get(1);
            NDArray positions = ids.getManager().arange(0, (int) t, 1, DataType.INT64, ids.getDevice()).reshape(1, t);
            NDArray sum = word.forward(s, ids, training).add(position.forward(s, positions, training))
                    .add(tokenType.forward(s, types, training));
            return Dropouts.apply(norm.forward(s, sum, training), dropout, training);
        }

        @Override
        protected NDList forwardInternal(ParameterStore s, NDList in, boolean training, PairList<String, Object> p) {
            return new NDList(forward(s, in.get(0), in.get(1), training));
        }
    }

    /** Multi-head self-attention, its output projection, and the residual + LayerNorm around it. */
    public static final class SelfAttention extends FixedBlock {
        final Dense query;
        final Dense key;
        final Dense value;
        final Dense output;
        final LayerNormalization norm;
        private final int heads;
        private final float dropout;

        SelfAttention(BertConfig c) {
            query = addChildBlock("query", new Dense(c.hidden(), c.hidden(), 0.02f));
            key = addChildBlock("key", new Dense(c.hidden(), c.hidden(), 0.02f));
            value = addChildBlock("value", new Dense(c.hidden(), c.hidden(), 0.02f));
            output = addChildBlock("output", new Dense(c.hidden(), c.hidden(), 0.02f));
            norm = addChildBlock("LayerNorm", new LayerNormalization(c.hidden(), c.eps()));
            heads = c.heads();
            dropout = c.dropout();
        }

        /** Returns the new hidden state (B, T, H) and the attention weights (B, heads, T, T). */
        NDList forward(ParameterStore s, NDArray h, NDArray mask, boolean training, AttentionFunction attention) {
            NDArray q = Attention.splitHeads(query.forward(s, h, training), heads);
            NDArray k = Attention.splitHeads(key.forward(s, h, training), heads);
            NDArray v = Attention.splitHeads(value.forward(s, h, training), heads);
            NDList ctx = attention.apply(q, k, v, mask, training ? dropout : 0f, training);
            NDArray projected = output.forward(s, Attention.mergeHeads(ctx.get(0)), training);
            return new NDList(norm.forward(s, h.add(Dropouts.apply(projected, dropout, training)), training), ctx.get(1));
        }

        @Override
        protected NDList forwardInternal(ParameterStore s, NDList in, boolean training, PairList<String, Object> p) {
            return forward(s, in.get(0), in.size() > 1 ? in.get(1) : null, training, Attention::scaledDotProduct);
        }
    }

    /** One encoder layer: self-attention, then a GELU feed-forward network with residual + LayerNorm. */
    public static final class Layer extends FixedBlock {
        final SelfAttention attention;
        final Dense intermediate;
        final Dense output;
        final LayerNormalization norm;
        private final float dropout;
        private final org.tlnlp.nn.Activations.Gelu gelu;

        Layer(BertConfig c) {
            attention = addChildBlock("attention", new SelfAttention(c));
            intermediate = addChildBlock("intermediate", new Dense(c.hidden(), c.intermediate(), 0.02f));
            output = addChildBlock("output", new Dense(c.intermediate(), c.hidden(), 0.02f));
            norm = addChildBlock("LayerNorm", new LayerNormalization(c.hidden(), c.eps()));
            dropout = c.dropout();
            gelu = c.activation();
        }

        NDList forward(ParameterStore s, NDArray h, NDArray mask, boolean training, AttentionFunction fn) {
            NDList a = attention.forward(s, h, mask, training, fn);
            NDArray x = a.get(0);
            NDArray ff = output.forward(s, gelu.apply(intermediate.forward(s, x, training)), training);
            return new NDList(norm.forward(s, x.add(Dropouts.apply(ff, dropout, training)), training), a.get(1));
        }

        @Override
        protected NDList forwardInternal(ParameterStore s, NDList in, boolean training, PairList<String, Object> p) {
            return forward(s, in.get(0), in.size() > 1 ? in.get(1) : null, training, Attention::scaledDotProduct);
        }
    }

    /** What a forward pass returns. */
    public record Output(NDArray lastHidden, NDArray pooled, List<NDArray> hiddenStates, List<NDArray> attentions) {
    }

    private final BertConfig config;
    final Embeddings embeddings;
    final List<Layer> layers = new ArrayList<>();
    final Dense pooler;
    private AttentionFunction attention = Attention::scaledDotProduct;

    public Bert(BertConfig config) {
        this.config = config;
        embeddings = addChildBlock("embeddings", new Embeddings(config));
        for (int i = 0; i < config.layers(); i++) {
            layers.add(addChildBlock("layer_" + i, new Layer(config)));
        }
        // The pooler reads position 0, the [CLS] token.
        pooler = addChildBlock("pooler", new Dense(config.hidden(), config.hidden(), 0.02f));
    }

    public BertConfig config() {
        return config;
    }

    /** Replaces how attention is computed (an exercise plugs its own in here); returns this model. */
    public Bert withAttention(AttentionFunction fn) {
        this.attention = fn;
        return this;
    }

    /**
     * Inference: the forward pass without training and without recording gradients, on whatever thread calls it
     * (see {@link NoGradient}). {@code all} also returns every layer's hidden states and attention weights.
     */
    public Output infer(BertInput in, boolean all) {
        try (NoGradient ignored = NoGradient.open()) {
            return forward(new ParameterStore(in.ids().getManager(), false), in, false, all);
        }
    }

    /** The full forward pass over a batch of encodings; {@code all} also returns every layer's states and weights. */
    public Output forward(ParameterStore s, BertInput in, boolean training, boolean all) {
        return forward(s, in.ids(), in.typeIds(), in.attentionMask(), training, all);
    }

    /** The full forward pass; {@code all} also returns every layer's hidden states and attention weights. */
    public Output forward(ParameterStore s, NDArray ids, NDArray types, NDArray mask, boolean training, boolean all) {
        NDArray additive = Attention.paddingMask(mask);
        NDArray h = embeddings.forward(s, ids, types, training);
        List<NDArray> hidden = new ArrayList<>();
        List<NDArray> attentions = new ArrayList<>();
        hidden.add(h);
        for (Layer layer : layers) {
            NDList out = training ? layer.forward(s, h, additive, true, attention) : inference(layer, s, h, additive, all);
            h = out.get(0);
            if (all) {
                hidden.add(h);
                attentions.add(out.get(1));
            }
        }
        long b = h.getShape().get(0);
        NDArray cls = h.get(":, 0, :").reshape(b, config.hidden());
        NDArray pooled = pooler.forward(s, cls, training).tanh();
        return new Output(h, pooled, all ? hidden : List.of(), all ? attentions : List.of());
    }

    /**
     * One layer without training, in a scope of its own. Every array an operation makes joins the manager of its
     * first operand, so while the layer's input is lent to a sub-manager, the layer's temporaries (projections,
     * scores, the 4H-wide feed-forward activations: about 0.7 GB a layer for BERT-base on 32 × 128 tokens) land
     * there and are freed when the layer is done, instead of piling up until the caller's scope closes. Only the
     * new hidden state is kept, and the attention weights when asked for.
     */
    private NDList inference(Layer layer, ParameterStore s, NDArray h, NDArray mask, boolean keepWeights) {
        NDManager caller = h.getManager();
        try (NDManager scope = caller.newSubManager()) {
            h.tempAttach(scope); // back to the caller when the scope closes
            NDList out = layer.forward(s, h, mask, false, attention);
            out.get(0).attach(caller);
            if (keepWeights) {
                out.get(1).attach(caller);
            }
            return out;
        }
    }

    /** Inputs ids, token types, mask; outputs last hidden state and pooled vector. */
    @Override
    protected NDList forwardInternal(ParameterStore s, NDList in, boolean training, PairList<String, Object> p) {
        Output o = forward(s, in.get(0), in.get(1), in.get(2), training, false);
        return new NDList(o.lastHidden(), o.pooled());
    }

    // ------------------------------------------------------------------ checkpoint names

    /**
     * Every parameter under its Hugging Face name (as in bert-base-uncased's checkpoint, without the
     * {@code bert.} prefix a task model puts before them). Loading a checkpoint is a plain walk over this map.
     */
    @Override
    public ParameterMap namedParameters() {
        ParameterMap m = new ParameterMap();
        m.put("embeddings.word_embeddings.weight", embeddings.word.weight);
        m.put("embeddings.position_embeddings.weight", embeddings.position.weight);
        m.put("embeddings.token_type_embeddings.weight", embeddings.tokenType.weight);
        m.norm("embeddings.LayerNorm", embeddings.norm);
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            String p = "encoder.layer." + i + ".";
            m.dense(p + "attention.self.query", l.attention.query);
            m.dense(p + "attention.self.key", l.attention.key);
            m.dense(p + "attention.self.value", l.attention.value);
            m.dense(p + "attention.output.dense", l.attention.output);
            m.norm(p + "attention.output.LayerNorm", l.attention.norm);
            m.dense(p + "intermediate.dense", l.intermediate);
            m.dense(p + "output.dense", l.output);
            m.norm(p + "output.LayerNorm", l.norm);
        }
        m.dense("pooler.dense", pooler);
        return m;
    }

    /** 0 for the embeddings, i + 1 for encoder layer i, L + 1 for the pooler. */
    @Override
    public int depthOf(String name) {
        int layer = ParameterMap.indexAfter(name, "encoder.layer.");
        return name.startsWith("embeddings.") ? 0 : layer >= 0 ? layer + 1 : name.startsWith("pooler.") ? layers.size() + 1 : -1;
    }

    /**
     * The weights of encoder layer {@code i} as plain arrays (Dense weights are (out, in)): for code that
     * computes a layer by hand, such as lesson 05's exercise.
     */
    public record LayerWeights(NDArray queryW, NDArray queryB, NDArray keyW, NDArray keyB, NDArray valueW,
                               NDArray valueB, NDArray outputW, NDArray outputB, NDArray norm1Gamma,
                               NDArray norm1Beta, NDArray ff1W, NDArray ff1B, NDArray ff2W, NDArray ff2B,
                               NDArray norm2Gamma, NDArray norm2Beta, int heads, float eps,
                               org.tlnlp.nn.Activations.Gelu gelu) {
    }

    public LayerWeights layerWeights(int i) {
        Layer l = layers.get(i);
        SelfAttention a = l.attention;
        return new LayerWeights(a.query.weight.getArray(), a.query.bias.getArray(), a.key.weight.getArray(),
                a.key.bias.getArray(), a.value.weight.getArray(), a.value.bias.getArray(), a.output.weight.getArray(),
                a.output.bias.getArray(), a.norm.gamma.getArray(), a.norm.beta.getArray(),
                l.intermediate.weight.getArray(), l.intermediate.bias.getArray(), l.output.weight.getArray(),
                l.output.bias.getArray(), l.norm.gamma.getArray(), l.norm.beta.getArray(), config.heads(), config.eps(),
                config.activation());
    }

    /** Runs encoder layer {@code i} alone on hidden states {@code h} (B, T, H) with an additive mask. */
    public NDArray layer(int i, ParameterStore s, NDArray h, NDArray additiveMask) {
        return layers.get(i).forward(s, h, additiveMask, false, attention).get(0);
    }

    /** The word-embedding matrix (vocab, H), which the masked-LM head shares. */
    public Parameter wordEmbeddings() {
        return embeddings.word.weight;
    }

    /** A new model with freshly initialised weights (seed the engine first for repeatable runs). */
    public static Bert create(BertConfig config, NDManager manager) {
        Bert b = new Bert(config);
        b.initialize(manager);
        return b;
    }
}
