package org.tlnlp.models.elmo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Embedding;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import org.tlnlp.io.Checkpoints;
import org.tlnlp.io.Hdf5Source;
import org.tlnlp.io.LoadPolicy;
import org.tlnlp.io.TensorSource;
import org.tlnlp.nn.EmbeddingTable;
import org.tlnlp.nn.FixedBlock;
import org.tlnlp.nn.Highway;
import org.tlnlp.nn.LstmProjection;
import org.tlnlp.nn.NamedParameters;
import org.tlnlp.nn.ParameterMap;
import org.tlnlp.nn.ScalarMix;
import org.tlnlp.text.ElmoCharacters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * ELMo (Peters et al. 2018): a forward and a backward language model over character-built token vectors,
 * whose layers are mixed per task. Read top to bottom: the token encoder (characters → CNN → highway →
 * projection), the biLSTM (separate forward and backward stacks), and the task-specific scalar mixes.
 *
 * <p>Input: character ids (B, T, 50) from {@link ElmoCharacters#batchToIds}; the model adds the sentence
 * boundary tokens itself and removes them from what it returns. Layer 0 is the token encoder's output
 * duplicated to the biLSTM's width (forward and backward halves alike), layer j the two directions' outputs
 * side by side. {@link #forward} returns every layer, the mask, and one mix per output representation:
 * {@code ELMo_k = γ Σ_j softmax(w)_j h_{k,j}}. At the end: the names of every parameter in the published
 * {@code weights.hdf5}, and loading it.
 */
public final class Elmo extends FixedBlock implements NamedParameters {

    /** Characters → vectors: embedding, convolutions of several widths max-pooled over the word, highway, projection. */
    public static final class TokenEncoder extends FixedBlock {
        final EmbeddingTable chars;
        final List<Parameter> convWeights = new ArrayList<>();
        final List<Parameter> convBiases = new ArrayList<>();
        final List<Highway> highways = new ArrayList<>();
        final Parameter wProj;
        final Parameter bProj;
        private final boolean relu;

        TokenEncoder(ElmoOptions o) {
            chars = addChildBlock("char_embed", new EmbeddingTable(ElmoCharacters.VOCAB, o.charDim(), 1f));
            for (int i = 0; i < o.filters().size(); i++) {
                int width = o.filters().get(i).width();
                int count = o.filters().get(i).count();
                // DJL's conv1d layout (out, in, width); the published file has (1, width, in, out).
                convWeights.add(parameter("W_cnn_" + i, Parameter.Type.WEIGHT,
                        new NormalInitializer((float) Math.sqrt(1.0 / (width * o.charDim()))), count, o.charDim(), width));
                convBiases.add(parameter("b_cnn_" + i, Parameter.Type.BIAS, Parameter.Type.BIAS.getInitializer(), count));
            }
            for (int i = 0; i < o.highway(); i++) {
                highways.add(addChildBlock("CNN_high_" + i, new Highway(o.filterCount())));
            }
            wProj = parameter("W_proj", Parameter.Type.WEIGHT,
                    new NormalInitializer((float) Math.sqrt(1.0 / o.filterCount())), o.filterCount(), o.projectionDim());
            bProj = parameter("b_proj", Parameter.Type.BIAS, Parameter.Type.BIAS.getInitializer(), o.projectionDim());
            relu = o.activation().equals("relu");
        }

        /** ids (B, T, 50) → token vectors (B, T, projection). Padding tokens (all ids 0) give the projection's bias. */
        public NDArray forward(ParameterStore s, NDArray ids, boolean training) {
            long b = ids.getShape().get(0);
            long t = ids.getShape().get(1);
            long n = ids.getShape().get(2);
            NDArray e = chars.forward(s, ids.reshape(b * t, n), training).transpose(0, 2, 1); // (B·T, dim, 50)
            NDList pooled = new NDList();
            for (int i = 0; i < convWeights.size(); i++) {
                NDArray conv = Conv1d.conv1d(e, s.getValue(convWeights.get(i), e.getDevice(), training),
                        s.getValue(convBiases.get(i), e.getDevice(), training)).singletonOrThrow();
                NDArray max = conv.max(new int[] {2}); // the strongest match of each filter anywhere in the word
                pooled.add(relu ? Activation.relu(max) : Activation.tanh(max));
            }
            NDArray x = NDArrays.concat(pooled, 1);
            for (Highway h : highways) {
                x = h.forward(s, x, training);
            }
            x = x.matMul(s.getValue(wProj, x.getDevice(), training)).add(s.getValue(bProj, x.getDevice(), training));
            return x.reshape(b, t, x.getShape().get(1));
        }

        @Override
        protected NDList forwardInternal(ParameterStore s, NDList in, boolean training, PairList<String, Object> p) {
            return new NDList(forward(s, in.singletonOrThrow(), training));
        }
    }

    /** The biLSTM: a forward stack reads left to right, a backward stack right to left; skip connections optional. */
    public static final class BiLstm extends FixedBlock {
        final List<LstmProjection> forwardLayers = new ArrayList<>();
        final List<LstmProjection> backwardLayers = new ArrayList<>();
        private final boolean skip;

        BiLstm(ElmoOptions o) {
            for (int j = 0; j < o.layers(); j++) {
                forwardLayers.add(addChildBlock("forward_" + j, new LstmProjection(o.projectionDim(), o.lstmDim(),
                        o.projectionDim(), o.cellClip(), o.projClip())));
            }
            for (int j = 0; j < o.layers(); j++) {
                backwardLayers.add(addChildBlock("backward_" + j, new LstmProjection(o.projectionDim(), o.lstmDim(),
                        o.projectionDim(), o.cellClip(), o.projClip())));
            }
            skip = o.skip();
        }

        /**
         * Token vectors (B, T, proj), mask (B, T, 1) and each sentence's length → for every layer, the forward
         * and the backward outputs (B, T, proj) each. The backward stack reads each sentence reversed within
         * its own length, so padding stays at the end.
         */
        public List<NDArray[]> forward(ParameterStore s, NDArray tokens, NDArray mask, int[] lengths, boolean training) {
            NDArray reversal = reversal(tokens.getManager(), lengths, tokens.getShape().get(1));
            List<NDArray[]> out = new ArrayList<>();
            NDArray f = tokens;
            NDArray bw = reverse(tokens, reversal);
            for (int j = 0; j < forwardLayers.size(); j++) {
                NDArray fo = forwardLayers.get(j).forward(s, f, mask, training);
                NDArray bo = backwardLayers.get(j).forward(s, bw, mask, training);
                if (skip && j > 0) {
                    fo = fo.add(f);
                    bo = bo.add(bw);
                }
                out.add(new NDArray[] {fo, reverse(bo, reversal)});
                f = fo;
                bw = bo;
            }
            return out;
        }

        /** Layer {@code j} of the forward or the backward stack. */
        public LstmProjection layer(boolean forward, int j) {
            return (forward ? forwardLayers : backwardLayers).get(j);
        }

        @Override
        protected NDList forwardInternal(ParameterStore s, NDList in, boolean training, PairList<String, Object> p) {
            throw new UnsupportedOperationException("call forward(store, tokens, mask, lengths, training)");
        }
    }

    /**
     * Row index (B·T) into x flattened to (B·T, D): position t of sentence b reads position len_b − 1 − t of
     * the same sentence (padding stays where it is).
     */
    static NDArray reversal(NDManager m, int[] lengths, long t) {
        long[] idx = new long[lengths.length * (int) t];
        for (int b = 0; b < lengths.length; b++) {
            for (int k = 0; k < t; k++) {
                idx[b * (int) t + k] = b * t + (k < lengths[b] ? lengths[b] - 1 - k : k);
            }
        }
        return m.create(idx);
    }

    /**
     * x (B, T, D) with each sentence reversed within its length: a row lookup (an embedding of the rows by
     * index), which every engine supports and differentiates.
     */
    static NDArray reverse(NDArray x, NDArray reversal) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        long d = x.getShape().get(2);
        return Embedding.embedding(reversal, x.reshape(b * t, d), SparseFormat.DENSE).singletonOrThrow().reshape(b, t, d);
    }

    /** What {@link #forward} returns. */
    public record Output(List<NDArray> representations, NDArray mask, List<NDArray> layers) {
    }

    /**
     * What the biLM computes, sentence boundaries still in: the token vectors and each LSTM layer's forward
     * and backward outputs, (B, T + 2, proj) each, and the mask (B, T + 2).
     */
    public record BiLmOutput(NDArray tokens, List<NDArray[]> directions, NDArray mask) {

        /** ELMo's layers: the token vectors duplicated, then each LSTM layer's two directions side by side. */
        public List<NDArray> layers() {
            List<NDArray> layers = new ArrayList<>();
            layers.add(NDArrays.concat(new NDList(tokens, tokens), 2));
            for (NDArray[] fb : directions) {
                layers.add(NDArrays.concat(new NDList(fb[0], fb[1]), 2));
            }
            return layers;
        }
    }

    private final ElmoOptions options;
    final TokenEncoder encoder;
    final BiLstm lstm;
    final List<ScalarMix> mixes = new ArrayList<>();
    private final float dropout;

    /**
     * @param representations how many independent scalar mixes to learn (one per task or per place the
     *                        task model reads ELMo: the lecture's "2")
     * @param dropout         dropout on each returned representation when training
     * @param layerNorm       normalise each layer before mixing
     */
    public Elmo(ElmoOptions options, int representations, float dropout, boolean layerNorm) {
        this.options = options;
        this.dropout = dropout;
        encoder = addChildBlock("token_encoder", new TokenEncoder(options));
        lstm = addChildBlock("bilstm", new BiLstm(options));
        for (int i = 0; i < representations; i++) {
            mixes.add(addChildBlock("scalar_mix_" + i, new ScalarMix(options.layers() + 1, layerNorm)));
        }
    }

    /** A new model with fresh weights; character id 0 (padding) gets a zero vector. */
    public static Elmo create(ElmoOptions options, int representations, float dropout, NDManager manager) {
        Elmo e = new Elmo(options, representations, dropout, false);
        e.initialize(manager);
        e.zeroPaddingCharacter();
        return e;
    }

    /** Character id 0 pads short batches: its vector is 0 (initialisation drew it at random). */
    private void zeroPaddingCharacter() {
        NDArray table = encoder.chars.weight.getArray();
        float[] v = table.toFloatArray();
        java.util.Arrays.fill(v, 0, (int) table.getShape().get(1), 0f);
        table.set(java.nio.FloatBuffer.wrap(v));
    }

    public ElmoOptions options() {
        return options;
    }

    public List<ScalarMix> mixes() {
        return mixes;
    }

    /**
     * Runs the token encoder and the biLSTM on character ids that already have their sentence boundaries,
     * (B, T + 2, 50), and each sentence's length with them.
     */
    public BiLmOutput biLm(ParameterStore s, NDArray chars, int[] lengths, boolean training) {
        long b = chars.getShape().get(0);
        long tt = chars.getShape().get(1);
        float[] maskValues = new float[(int) (b * tt)];
        for (int r = 0; r < b; r++) {
            java.util.Arrays.fill(maskValues, (int) (r * tt), (int) (r * tt + lengths[r]), 1f);
        }
        NDArray mask = chars.getManager().create(maskValues, new Shape(b, tt, 1));
        NDArray tokens = encoder.forward(s, chars, training).mul(mask);
        return new BiLmOutput(tokens, lstm.forward(s, tokens, mask, lengths, training), mask.reshape(b, tt));
    }

    /**
     * The lecture's {@code elmo(character_ids)}: ids (B, T, 50) as {@link ElmoCharacters#batchToIds} makes
     * them (0 rows are padding) → one (B, T, 2·proj) representation per scalar mix, the mask (B, T), and
     * every raw layer (without the boundary tokens).
     */
    public Output forward(ParameterStore s, NDArray characterIds, boolean training) {
        NDManager m = characterIds.getManager();
        long b = characterIds.getShape().get(0);
        long t = characterIds.getShape().get(1);
        int[] ids = characterIds.toType(DataType.INT32, false).toIntArray();
        int[] lengths = new int[(int) b];
        for (int r = 0; r < b; r++) {
            for (int k = 0; k < t; k++) {
                if (ids[(int) ((r * t + k) * ElmoCharacters.MAX_CHARS)] != 0) {
                    lengths[r] = k + 1;
                }
            }
        }
        int[] full = new int[(int) b];
        for (int r = 0; r < b; r++) {
            full[r] = lengths[r] + 2;
        }
        NDArray chars = m.create(ElmoCharacters.withSentenceBoundaries(ids, lengths, (int) t),
                new Shape(b, t + 2, ElmoCharacters.MAX_CHARS));
        BiLmOutput o = biLm(s, chars, full, training);
        // Drop <S> (position 0) and everything from each sentence's </S> on: position k of a sentence is
        // position k + 1 of the biLM's input, and a token when k < length (so when k + 2 < length + 2).
        NDArray mask = o.mask().get(":, 2:" + (t + 2));
        NDArray mask3 = mask.expandDims(2);
        List<NDArray> layers = new ArrayList<>();
        for (NDArray l : o.layers()) {
            layers.add(l.get(":, 1:" + (t + 1) + ", :").mul(mask3));
        }
        List<NDArray> reps = new ArrayList<>();
        for (ScalarMix mix : mixes) {
            NDArray r = mix.forward(s, layers, mask3, training).mul(mask3);
            reps.add(training && dropout > 0 ? Dropout.dropout(r, dropout, true).singletonOrThrow() : r);
        }
        return new Output(reps, mask, layers);
    }

    @Override
    protected NDList forwardInternal(ParameterStore s, NDList in, boolean training, PairList<String, Object> p) {
        Output o = forward(s, in.singletonOrThrow(), training);
        NDList out = new NDList(o.representations());
        out.add(o.mask());
        return out;
    }

    /** The token encoder. */
    public TokenEncoder encoder() {
        return encoder;
    }

    /** The biLSTM. */
    public BiLstm lstm() {
        return lstm;
    }

    // ------------------------------------------------------------------ checkpoint names

    /**
     * The published file's character table has no row for id 0 (padding, a zero vector here): stored (261, d),
     * held (262, d).
     */
    private static final ParameterMap.Layout WITHOUT_PADDING_ROW = new ParameterMap.Layout() {
        @Override
        public Shape stored(Shape model) {
            return new Shape(model.get(0) - 1, model.get(1));
        }

        @Override
        public NDArray toModel(NDArray stored, Shape model) {
            return stored.getManager().zeros(new Shape(1, model.get(1)), stored.getDataType()).concat(stored, 0);
        }

        @Override
        public NDArray toStored(NDArray model) {
            return model.get("1:, :");
        }

        @Override
        public String describe() {
            return " (stored without the padding row)";
        }
    };

    /** A convolution stored (1, width, in, filters) as bilm-tf wrote it, held (filters, in, width) as DJL's conv1d wants. */
    private static final ParameterMap.Layout TF_CONV = new ParameterMap.Layout() {
        @Override
        public Shape stored(Shape model) {
            return new Shape(1, model.get(2), model.get(1), model.get(0));
        }

        @Override
        public NDArray toModel(NDArray stored, Shape model) {
            return stored.reshape(model.get(2), model.get(1), model.get(0)).transpose(2, 1, 0);
        }

        @Override
        public NDArray toStored(NDArray model) {
            Shape m = model.getShape();
            return model.transpose(2, 1, 0).reshape(1, m.get(2), m.get(1), m.get(0));
        }

        @Override
        public String describe() {
            return " (stored as (1, width, in, filters))";
        }
    };

    /**
     * The biLM's parameters under the dataset paths of the published {@code weights.hdf5} (bilm-tf):
     * <pre>
     *   char_embed                                        (261, char dim)   id 0 (padding) is a zero row added here
     *   CNN/W_cnn_i, CNN/b_cnn_i                          (1, width, char dim, filters), (filters)
     *   CNN_high_i/W_carry, b_carry, W_transform, b_transform
     *   CNN_proj/W_proj, CNN_proj/b_proj                  (all filters, projection), (projection)
     *   RNN_d/RNN/MultiRNNCell/Cellj/LSTMCell/W_0, B, W_P_0   d = 0 forward, 1 backward; j = layer
     * </pre>
     * The published file has no softmax (the LM's output layer) and no scalar mix: ELMo is used through its layers.
     */
    public ParameterMap biLmParameters() {
        ParameterMap m = new ParameterMap();
        m.put("char_embed", encoder.chars.weight, WITHOUT_PADDING_ROW);
        for (int i = 0; i < encoder.convWeights.size(); i++) {
            m.put("CNN/W_cnn_" + i, encoder.convWeights.get(i), TF_CONV);
            m.put("CNN/b_cnn_" + i, encoder.convBiases.get(i));
        }
        for (int i = 0; i < encoder.highways.size(); i++) {
            Highway h = encoder.highways.get(i);
            String p = "CNN_high_" + i + "/";
            m.put(p + "W_carry", h.wCarry).put(p + "b_carry", h.bCarry);
            m.put(p + "W_transform", h.wTransform).put(p + "b_transform", h.bTransform);
        }
        m.put("CNN_proj/W_proj", encoder.wProj).put("CNN_proj/b_proj", encoder.bProj);
        for (int d = 0; d < 2; d++) {
            List<LstmProjection> layers = d == 0 ? lstm.forwardLayers : lstm.backwardLayers;
            for (int j = 0; j < layers.size(); j++) {
                String p = "RNN_" + d + "/RNN/MultiRNNCell/Cell" + j + "/LSTMCell/";
                m.put(p + "W_0", layers.get(j).w).put(p + "B", layers.get(j).b).put(p + "W_P_0", layers.get(j).wP);
            }
        }
        return m;
    }

    /** The biLM's published names, then each scalar mix's ({@code scalar_mix_k/scalar_parameters}, {@code /gamma}). */
    @Override
    public ParameterMap namedParameters() {
        ParameterMap m = biLmParameters();
        for (int k = 0; k < mixes.size(); k++) {
            m.put("scalar_mix_" + k + "/scalar_parameters", mixes.get(k).w).put("scalar_mix_" + k + "/gamma", mixes.get(k).gamma);
        }
        return m;
    }

    /** 0 for the token encoder, j + 1 for biLSTM layer j (both directions), L + 1 for the scalar mixes. */
    @Override
    public int depthOf(String name) {
        if (name.startsWith("char_embed") || name.startsWith("CNN")) {
            return 0;
        }
        if (name.startsWith("RNN_")) {
            int cell = name.indexOf("/Cell");
            return Integer.parseInt(name.substring(cell + 5, name.indexOf('/', cell + 5))) + 1;
        }
        return name.startsWith("scalar_mix_") ? options.layers() + 1 : -1;
    }

    /**
     * The lecture's {@code Elmo(options_file, weight_file, 2, dropout=0)}: the published options.json and
     * weights.hdf5 (strictly: every dataset must fit, and every dataset must be used).
     */
    public static Elmo load(Path optionsJson, Path weightsHdf5, int representations, float dropout, NDManager manager)
            throws IOException {
        Elmo elmo = create(ElmoOptions.fromJson(optionsJson), representations, dropout, manager);
        try (TensorSource file = Hdf5Source.open(weightsHdf5)) {
            Checkpoints.load(elmo.biLmParameters(), file, LoadPolicy.strict());
        }
        return elmo;
    }
}
