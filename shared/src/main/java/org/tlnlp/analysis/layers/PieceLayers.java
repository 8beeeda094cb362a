package org.tlnlp.analysis.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.NoGradient;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link BertLayers} and {@link Gpt2Layers} share: words to pieces, sentences to batches of sequences, the
 * model's hidden states pooled back to words ({@link WordPieces}) and streamed into {@link LayerStates}. A subclass
 * says how a word becomes pieces, what surrounds a sentence, and how the model computes its hidden states.
 */
abstract class PieceLayers implements ModelLayers {

    private final Map<String, int[]> cache = new HashMap<>();

    /** The pieces of {@code word}; {@code first} is true for a sentence's first word (BPE marks the others' space). */
    abstract int[] pieces(String word, boolean first);

    abstract int[] prefix();

    abstract int[] suffix();

    abstract int padId();

    /** The piece that stands for a masked piece (only masked language models have one). */
    int maskId() {
        throw new UnsupportedOperationException(name() + " has no mask token");
    }

    abstract int maxLength();

    abstract WordPieces.Pooling pooling();

    /** Every layer's hidden states (B, T, H), embeddings first, for a batch of sequences; runs under no gradient. */
    abstract List<NDArray> hidden(NDManager scope, List<WordPieces.Sequence> batch);

    private int[] cached(String word, boolean first) {
        return cache.computeIfAbsent((first ? "^" : " ") + word, k -> pieces(word, first));
    }

    @Override
    public LayerStates extract(BrownSample sample, int batch) {
        List<List<WordPieces.Sequence>> perSentence = new ArrayList<>();
        for (BrownSample.Sentence s : sample.sentences()) {
            List<int[]> pieces = new ArrayList<>();
            for (int w = 0; w < s.words().size(); w++) {
                pieces.add(cached(s.words().get(w), w == 0));
            }
            perSentence.add(WordPieces.sequences(pieces, prefix(), suffix(), maxLength()));
        }
        return run(perSentence, batch, sample.words());
    }

    @Override
    public Corrupted extractCorrupted(BrownSample sample, WordCorruption corruption, int batch) {
        int mask = maskId();
        List<List<WordPieces.Sequence>> perSentence = new ArrayList<>();
        List<Integer> inputs = new ArrayList<>();
        List<Integer> outputs = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        int[] types = sample.types();
        Map<String, Integer> typeOf = new HashMap<>();
        for (int t = 0; t < sample.typeCount(); t++) {
            typeOf.put(sample.typeName(t), t);
        }
        for (WordCorruption.Sentence c : corruption.corrupt(sample)) {
            BrownSample.Sentence s = sample.sentences().get(c.index());
            List<int[]> pieces = new ArrayList<>();
            List<Integer> keep = new ArrayList<>();
            for (int w = 0; w < s.words().size(); w++) {
                WordCorruption.Replacement r = c.replacements().get(w);
                int[] original = cached(s.words().get(w), w == 0);
                if (r == null) {
                    pieces.add(original);
                    continue;
                }
                int row = sample.start(c.index()) + w;
                if (r.mask()) {
                    int[] masked = new int[original.length];
                    java.util.Arrays.fill(masked, mask);
                    pieces.add(masked);
                    inputs.add(Corrupted.MASKED);
                } else {
                    pieces.add(cached(r.word(), w == 0));
                    inputs.add(typeOf.get(r.word()));
                }
                outputs.add(types[row]);
                rows.add(row);
                keep.add(w);
            }
            // Only the corrupted words' rows are kept: the sequences carry just their spans.
            List<WordPieces.Sequence> kept = new ArrayList<>();
            int w0 = 0;
            for (WordPieces.Sequence q : WordPieces.sequences(pieces, prefix(), suffix(), maxLength())) {
                List<Integer> idx = new ArrayList<>();
                for (int j = 0; j < q.words(); j++) {
                    if (keep.contains(w0 + j)) {
                        idx.add(j);
                    }
                }
                w0 += q.words();
                if (!idx.isEmpty()) {
                    kept.add(new WordPieces.Sequence(q.ids(), idx.stream().mapToInt(j -> q.wordStart()[j]).toArray(),
                            idx.stream().mapToInt(j -> q.wordEnd()[j]).toArray()));
                }
            }
            perSentence.add(kept);
        }
        LayerStates states = run(perSentence, batch, rows.size());
        return new Corrupted(states, ints(inputs), ints(outputs), ints(rows));
    }

    private LayerStates run(List<List<WordPieces.Sequence>> perSentence, int batch, int expectedRows) {
        List<WordPieces.Sequence> all = new ArrayList<>();
        perSentence.forEach(all::addAll);
        LayerStates.Writer writer = LayerStates.writer(name(), layerNames());
        try (NDManager manager = Engines.newManager(); NoGradient ignored = NoGradient.open()) {
            for (int from = 0; from < all.size(); from += batch) {
                List<WordPieces.Sequence> chunk = all.subList(from, Math.min(all.size(), from + batch));
                try (NDManager scope = manager.newSubManager()) {
                    List<NDArray> pooled = new ArrayList<>();
                    for (NDArray h : hidden(scope, chunk)) {
                        pooled.add(WordPieces.pool(h, chunk, pooling()));
                    }
                    writer.append(pooled);
                }
            }
            if (writer.rows() != expectedRows) {
                throw new IllegalStateException(name() + ": wrote " + writer.rows() + " rows for " + expectedRows + " words");
            }
            return writer.finish();
        } catch (RuntimeException e) {
            writer.close();
            throw e;
        }
    }

    private static int[] ints(List<Integer> v) {
        return v.stream().mapToInt(Integer::intValue).toArray();
    }
}
