package org.tlnlp.models.gpt2;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.tlnlp.engine.Rng;
import org.tlnlp.train.BatchSource;
import org.tlnlp.train.EpochOrder;

import java.util.Arrays;
import java.util.List;

/**
 * {@link LmBatch}es for a language model: each sequence of token ids becomes the input {@code x = s[0..n-2]} and the
 * targets {@code y = s[1..n-1]} (the next token at every position), right-padded to the longest sequence of
 * the batch. A mask (B, T) says which targets count in the loss: not the padding, and not the first
 * {@code promptLength - 1} targets when only a continuation is to be learned (e.g. the label after
 * "text ="). Reshuffled every epoch.
 */
public final class LmBatches implements BatchSource<LmBatch> {

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
    public LmBatch batch(NDManager manager, int epoch, int index) {
        int[] o = order.of(epoch);
        int from = index * batchSize;
        int[] pick = Arrays.copyOfRange(o, from, Math.min(sequences.size(), from + batchSize));
        int[][] seqs = new int[pick.length][];
        int[] prompts = new int[pick.length];
        for (int i = 0; i < pick.length; i++) {
            seqs[i] = sequences.get(pick[i]);
            prompts[i] = promptLengths == null ? 0 : promptLengths[pick[i]];
        }
        return of(manager, seqs, prompts, padId);
    }

    /**
     * The batch of {@code sequences}, right-padded with {@code padId}; target j (the token at j + 1) counts
     * when j + 1 >= promptLength.
     */
    public static LmBatch of(NDManager manager, int[][] sequences, int[] promptLengths, int padId) {
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
        return new LmBatch(manager.create(x, shape), manager.create(y, shape), manager.create(mask, shape));
    }

    /** Up to {@code max} non-overlapping windows of {@code length} tokens from the start of {@code stream}. */
    public static List<int[]> windows(int[] stream, int length, int max) {
        List<int[]> out = new java.util.ArrayList<>();
        for (int from = 0; from + length <= stream.length && out.size() < max; from += length) {
            out.add(Arrays.copyOfRange(stream, from, from + length));
        }
        return out;
    }

    /** A batch of {@code batch} windows of {@code length} tokens starting at random places of {@code stream}. */
    public static LmBatch randomWindows(NDManager manager, java.util.Random random, int[] stream, int length, int batch,
                                        int padId) {
        int[][] seqs = new int[batch][];
        for (int i = 0; i < batch; i++) {
            int from = random.nextInt(stream.length - length);
            seqs[i] = Arrays.copyOfRange(stream, from, from + length);
        }
        return of(manager, seqs, new int[batch], padId);
    }

    /** The documents one after the other, each followed by {@code separator} (GPT-2's {@code <|endoftext|>}). */
    public static int[] concatenate(List<int[]> documents, int separator) {
        int n = documents.stream().mapToInt(d -> d.length + 1).sum();
        int[] out = new int[n];
        int k = 0;
        for (int[] ids : documents) {
            System.arraycopy(ids, 0, out, k, ids.length);
            k += ids.length;
            out[k++] = separator;
        }
        return out;
    }
}
