package org.tlnlp.text;

import java.util.List;

/**
 * A tokenised text (or pair of texts) as a BERT-style model takes it: the tokens, their ids, which
 * segment each belongs to (token type ids: 0 for the first text, 1 for the second), and the attention
 * mask (1 for a real token, 0 for padding).
 */
public record Encoding(List<String> tokens, int[] ids, int[] typeIds, int[] attentionMask) {

    public int length() {
        return ids.length;
    }
}
