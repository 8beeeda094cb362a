package org.tlnlp.analysis.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.tlnlp.models.gpt2.Gpt2;
import org.tlnlp.models.gpt2.MaskedLm;
import org.tlnlp.text.ByteLevelBpe;

import java.util.List;

/**
 * The layers of a GPT-2 ({@link Gpt2}): the token + position embeddings (layer 0) and each block's output (before
 * the final LayerNorm), one row per word. Each sentence is read alone, its words joined by single spaces as the BPE
 * saw them in training (a word after the first carries its leading space), and cut into consecutive parts when it
 * does not fit the context.
 *
 * <p>Two kinds of model share the architecture: a left-to-right language model, whose word vector is its
 * <b>last</b> piece (the only one that has read the whole word, and the one that predicts the next word), and the
 * same network trained as a masked language model with bidirectional attention ({@link MaskedLm}), whose word
 * vector is its <b>first</b> piece, as for BERT. A masked LM's batch masks out its padding, since bidirectional
 * attention would otherwise read it.
 */
public final class Gpt2Layers extends PieceLayers {

    private final String name;
    private final Gpt2 model;
    private final ByteLevelBpe bpe;
    private final MaskedLm masked; // null for a left-to-right LM

    private Gpt2Layers(String name, Gpt2 model, ByteLevelBpe bpe, MaskedLm masked) {
        this.name = name;
        this.model = model;
        this.bpe = bpe;
        this.masked = masked;
    }

    /** A left-to-right language model (GPT-2 as trained). */
    public static Gpt2Layers causal(String name, Gpt2 model, ByteLevelBpe bpe) {
        return new Gpt2Layers(name, model, bpe, null);
    }

    /** The same architecture trained as a masked language model ({@link MaskedLm}). */
    public static Gpt2Layers masked(String name, Gpt2 model, ByteLevelBpe bpe, MaskedLm objective) {
        return new Gpt2Layers(name, model, bpe, objective);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> layerNames() {
        return LayerStates.numbered("embeddings", model.config().layers());
    }

    @Override
    int[] pieces(String word, boolean first) {
        int[] ids = bpe.encode(first ? word : " " + word);
        return ids.length > 0 ? ids : bpe.encode(" ");
    }

    @Override
    int[] prefix() {
        return new int[0];
    }

    @Override
    int[] suffix() {
        return new int[0];
    }

    @Override
    int padId() {
        return bpe.endOfText();
    }

    @Override
    int maskId() {
        if (masked == null) {
            return super.maskId();
        }
        return masked.maskId();
    }

    @Override
    int maxLength() {
        return model.config().context();
    }

    @Override
    WordPieces.Pooling pooling() {
        return masked == null ? WordPieces.Pooling.LAST : WordPieces.Pooling.FIRST;
    }

    @Override
    List<NDArray> hidden(NDManager scope, List<WordPieces.Sequence> batch) {
        NDArray ids = WordPieces.ids(scope, batch, padId());
        ParameterStore store = new ParameterStore(scope, false);
        if (masked == null) {
            return model.forward(store, ids, null, false, true).hiddenStates();
        }
        return masked.hiddenStates(model, store, ids, WordPieces.attentionMask(scope, batch));
    }
}
