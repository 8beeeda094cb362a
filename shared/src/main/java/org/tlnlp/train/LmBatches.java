package org.tlnlp.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.tlnlp.engine.Rng;

import java.util.Arrays;
import java.util.List;

/**
 * Batches for a language model: each sequence of token ids becomes the input {@code x = s[0..n-2]} and the
 * targets {@code y = s[1..n-1]} (the next token at every position), right-padded to the longest sequence of
 * the batch. A mask (B, T) says which targets count in the loss: not the padding, and not the first
 * {@code promptLength - 1} targets when only a continuation is to be learned (e.g. the label after
 * "text =") . Reshuffled every epoch.
 *
 * <p>Inputs: ids (B, T). Labels: targets (B, T), mask (B, T) as floats.
 */
public final class LmBatches implements BatchSource {

    private final List<int[]> sequences;
    private final int[] promptLengths;
    private final int batchSize;
    private final int padId;
    private final EpochOrder order;

    /**
     * @param promptLengths per sequence, how many leading tokens are context only (their prediction is not
     *                      trained); null to train on every next token
     */
    public LmBatches(List<int[]> sequences, int[] promptLengths, int batchSize, int padId, Rng rng) {
        if (promptLengths != null && promptLengths.length != sequences.size()) {
            throw new IllegalArgumentException(sequences.size() + " sequences but " + promptLengths.length + " prompt lengths");
        }
        for (int i = 0; i < sequences.size(); i++) {
            if (sequences.get(i).length < 2) {
                throw new IllegalArgumentException("sequence " + i + " has " + sequences.get(i).length
                        + " tokens; a language model needs at least 2 (an input and its next token)");
            }
        }
        this.sequences = sequences;
        this.promptLengths = promptLengths;
        this.batchSize = batchSize;
        this.padId = padId;
        this.order = new EpochOrder(sequences.size(), rng.random().nextLong());
    }

    @Override
    public int batches() {
        return (sequences.size() + batchSize - 1) / batchSize;
    }

    @Override
    public Batch batch(NDManager manager, int epoch, int index) {
        int[] o = order.of(epoch);
        int from = index * batchSize;
        int[] pick = Arrays.copyOfRange(o, from, Math.min(sequences.size(), from + batchSize));
        int[][] seqs = new int[pick.length][];
        int[] prompts = new int[pick.length];
        for (int i = 0; i < pick.length; i++) {
            seqs[i] = sequences.get(pick[i]);
            prompts[i] = promptLengths == null ? 0 : promptLengths[pick[i]];
        }
        NDList a = arrays(manager, seqs, prompts, padId);
        return new Batch(new NDList(a.get(0)), new NDList(a.get(1), a.get(2)), pick.length);
    }

    /**
     * Inputs (B, T), targets (B, T) and target mask (B, T) for {@code sequences}, right-padded with
     * {@code padId}; target j (the token at j + 1) counts when j + 1 >= promptLength.
     */
    public static NDList arrays(NDManager manager, int[][] sequences, int[] promptLengths, int padId) {
        int t = 0;
        for (int[] s : sequences) {
            t = Math.max(t, s.length - 1);
        }
        int b = sequences.length;
        long[] x = new long[b * t];
        long[] y = new long[b * t];
        float[] mask = new float[b * t];
        Arrays.fill(x, padId);
        Arrays.fill(y, padId);
        for (int r = 0; r < b; r++) {
            int[] s = sequences[r];
            for (int j = 0; j + 1 < s.length; j++) {
                x[r * t + j] = s[j];
                y[r * t + j] = s[j + 1];
                mask[r * t + j] = j + 1 >= promptLengths[r] ? 1f : 0f;
            }
        }
        Shape shape = new Shape(b, t);
        return new NDList(manager.create(x, shape), manager.create(y, shape), manager.create(mask, shape));
    }
}
