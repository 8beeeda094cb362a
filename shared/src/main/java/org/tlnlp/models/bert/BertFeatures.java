package org.tlnlp.models.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.tlnlp.text.Encoding;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A frozen BERT's vectors, computed once and kept on the host for the models trained on top of them: a sentence's
 * mean-pooled last hidden state (how all-MiniLM-L6-v2 is meant to be used), or the last hidden state at chosen
 * positions (a word's first piece). Encodings run in batches of similar length, so little is spent on padding.
 */
public final class BertFeatures {

    private BertFeatures() {
    }

    /** Per encoding, the mean of its last hidden states over its real tokens: (H) values each. */
    public static float[][] meanPooled(NDManager manager, Bert bert, List<Encoding> encodings, int padId, int batch) {
        return run(manager, bert, encodings, padId, batch, null);
    }

    /**
     * Per encoding, the last hidden states at {@code positions.get(i)}, one after another (positions × H values);
     * an encoding with no positions gets an empty array.
     */
    public static float[][] atPositions(NDManager manager, Bert bert, List<Encoding> encodings, List<int[]> positions,
                                        int padId, int batch) {
        if (positions.size() != encodings.size()) {
            throw new IllegalArgumentException(positions.size() + " position lists for " + encodings.size() + " encodings");
        }
        return run(manager, bert, encodings, padId, batch, positions);
    }

    private static float[][] run(NDManager manager, Bert bert, List<Encoding> encodings, int padId, int batch,
                                 List<int[]> positions) {
        int h = bert.config().hidden();
        float[][] out = new float[encodings.size()][];
        int[] order = IntStream.range(0, encodings.size()).boxed()
                .sorted(Comparator.comparingInt(i -> encodings.get(i).length())).mapToInt(Integer::intValue).toArray();
        ParameterStore store = new ParameterStore(manager, false);
        for (int from = 0; from < order.length; from += batch) {
            int to = Math.min(order.length, from + batch);
            try (NDManager scope = manager.newSubManager()) {
                List<Encoding> chosen = new ArrayList<>();
                for (int k = from; k < to; k++) {
                    chosen.add(encodings.get(order[k]));
                }
                BertInput in = BertInput.of(scope, chosen, padId);
                NDArray last = bert.forward(store, in, false, false).lastHidden();
                if (positions == null) {
                    float[] pooled = BertClassifier.meanPool(last, in.attentionMask()).toFloatArray();
                    for (int k = from; k < to; k++) {
                        out[order[k]] = java.util.Arrays.copyOfRange(pooled, (k - from) * h, (k - from + 1) * h);
                    }
                } else {
                    float[] all = last.toFloatArray();
                    int t = (int) last.getShape().get(1);
                    for (int k = from; k < to; k++) {
                        int[] p = positions.get(order[k]);
                        float[] v = new float[p.length * h];
                        for (int j = 0; j < p.length; j++) {
                            System.arraycopy(all, ((k - from) * t + p[j]) * h, v, j * h, h);
                        }
                        out[order[k]] = v;
                    }
                }
            }
        }
        return out;
    }
}
