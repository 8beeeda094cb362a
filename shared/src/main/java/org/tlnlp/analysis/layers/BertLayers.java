package org.tlnlp.analysis.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.tlnlp.models.bert.Bert;
import org.tlnlp.models.bert.BertInput;
import org.tlnlp.text.BertTokenizer;

import java.util.List;

/**
 * The layers of a BERT ({@link Bert}: BERT-base uncased, MiniLM, the small BERT lab 05 pre-trains): the embeddings
 * (layer 0) and each encoder layer's output, one row per word from the word's <b>first</b> word piece
 * ({@link WordPieces.Pooling#FIRST}, BERT's own choice for word-level tasks). Each sentence is read alone as
 * {@code [CLS] words [SEP]}; a sentence longer than the model's positions is cut into consecutive parts.
 */
public final class BertLayers extends PieceLayers {

    private final String name;
    private final Bert bert;
    private final BertTokenizer tokenizer;
    private final int maxLength;

    /**
     * @param maxLength pieces per sequence, special tokens included (at most the model's positions)
     */
    public BertLayers(String name, Bert bert, BertTokenizer tokenizer, int maxLength) {
        if (maxLength > bert.config().maxPositions() || maxLength < 3) {
            throw new IllegalArgumentException("maxLength " + maxLength + " must lie in [3, " + bert.config().maxPositions()
                    + "], the model's positions");
        }
        this.name = name;
        this.bert = bert;
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> layerNames() {
        return LayerStates.numbered("embeddings", bert.config().layers());
    }

    @Override
    int[] pieces(String word, boolean first) {
        List<String> pieces = tokenizer.tokenize(word);
        if (pieces.isEmpty()) {
            pieces = List.of(BertTokenizer.UNK); // a word the basic tokenizer removes entirely (control characters)
        }
        int[] ids = new int[pieces.size()];
        for (int i = 0; i < ids.length; i++) {
            int id = tokenizer.id(pieces.get(i));
            ids[i] = id >= 0 ? id : tokenizer.id(BertTokenizer.UNK);
        }
        return ids;
    }

    @Override
    int[] prefix() {
        return new int[] {tokenizer.id(BertTokenizer.CLS)};
    }

    @Override
    int[] suffix() {
        return new int[] {tokenizer.id(BertTokenizer.SEP)};
    }

    @Override
    int padId() {
        return tokenizer.id(BertTokenizer.PAD);
    }

    @Override
    int maskId() {
        return tokenizer.id(BertTokenizer.MASK);
    }

    @Override
    int maxLength() {
        return maxLength;
    }

    @Override
    WordPieces.Pooling pooling() {
        return WordPieces.Pooling.FIRST;
    }

    @Override
    List<NDArray> hidden(NDManager scope, List<WordPieces.Sequence> batch) {
        NDArray ids = WordPieces.ids(scope, batch, padId());
        BertInput in = new BertInput(ids, scope.zeros(ids.getShape(), ids.getDataType()),
                WordPieces.attentionMask(scope, batch));
        return bert.infer(in, true).hiddenStates();
    }
}
