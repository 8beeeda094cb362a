package org.tlnlp.models.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.tlnlp.text.Encoding;

import java.util.List;

/**
 * What BERT reads: word-piece ids, token type (segment) ids and the attention mask (1 = token, 0 = padding),
 * each (B, T) of int64.
 */
public record BertInput(NDArray ids, NDArray typeIds, NDArray attentionMask) {

    /** The encodings side by side, right-padded with {@code padId} to the longest of them. */
    public static BertInput of(NDManager manager, List<Encoding> encodings, int padId) {
        int t = 0;
        for (Encoding e : encodings) {
            t = Math.max(t, e.length());
        }
        int b = encodings.size();
        long[] ids = new long[b * t];
        long[] types = new long[b * t];
        long[] mask = new long[b * t];
        java.util.Arrays.fill(ids, padId);
        for (int r = 0; r < b; r++) {
            Encoding e = encodings.get(r);
            for (int j = 0; j < e.length(); j++) {
                ids[r * t + j] = e.ids()[j];
                types[r * t + j] = e.typeIds()[j];
                mask[r * t + j] = e.attentionMask()[j];
            }
        }
        Shape s = new Shape(b, t);
        return new BertInput(manager.create(ids, s), manager.create(types, s), manager.create(mask, s));
    }

    /** Sequences in the batch. */
    public int size() {
        return (int) ids.getShape().get(0);
    }
}
