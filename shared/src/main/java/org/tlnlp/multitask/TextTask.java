package org.tlnlp.multitask;

import ai.djl.ndarray.NDManager;
import org.tlnlp.models.bert.Bert;
import org.tlnlp.models.bert.BertFeatures;
import org.tlnlp.models.bert.WordPieces;
import org.tlnlp.text.BertTokenizer;
import org.tlnlp.text.Encoding;

import java.util.ArrayList;
import java.util.List;

/**
 * A task's labelled text before any model has seen it: texts with one label each (a sequence task) or sentences
 * as words with one label per word (a token task). {@link #encode} makes it a BERT encoder's data,
 * {@link #features} a frozen BERT's vectors for a {@link FeatureEncoder}.
 *
 * @param task      the task
 * @param texts     a sequence task's texts (empty for a token task)
 * @param sentences a token task's sentences as words (empty for a sequence task)
 * @param labels    per example: its label (sequence) or its words' labels (token)
 */
public record TextTask(Task task, List<String> texts, List<List<String>> sentences, int[][] labels) {

    public TextTask {
        int n = task.kind() == Task.Kind.SEQUENCE ? texts.size() : sentences.size();
        if (n != labels.length) {
            throw new IllegalArgumentException(task.name() + ": " + n + " examples but " + labels.length + " label rows");
        }
        for (int i = 0; i < labels.length; i++) {
            int expected = task.kind() == Task.Kind.SEQUENCE ? 1 : sentences.get(i).size();
            if (labels[i].length != expected) {
                throw new IllegalArgumentException(task.name() + ": example " + i + " has " + labels[i].length
                        + " labels, expected " + expected);
            }
        }
        texts = List.copyOf(texts);
        sentences = List.copyOf(sentences);
    }

    /** Texts with one label each. */
    public static TextTask sequences(Task task, List<String> texts, int[] labels) {
        int[][] rows = new int[labels.length][];
        for (int i = 0; i < labels.length; i++) {
            rows[i] = new int[] {labels[i]};
        }
        return new TextTask(task, texts, List.of(), rows);
    }

    /** Sentences as words, with one label per word. */
    public static TextTask tagged(Task task, List<List<String>> sentences, List<int[]> labels) {
        return new TextTask(task, List.of(), sentences, labels.toArray(new int[0][]));
    }

    public int size() {
        return labels.length;
    }

    /** Every example's label of a sequence task, in order. */
    public int[] sequenceLabels() {
        if (task.kind() != Task.Kind.SEQUENCE) {
            throw new IllegalStateException(task.name() + " labels words, not sequences");
        }
        return java.util.Arrays.stream(labels).mapToInt(r -> r[0]).toArray();
    }

    /** The examples {@code pick}, in that order. */
    public TextTask subset(int[] pick) {
        List<String> t = new ArrayList<>();
        List<List<String>> s = new ArrayList<>();
        int[][] l = new int[pick.length][];
        for (int k = 0; k < pick.length; k++) {
            if (task.kind() == Task.Kind.SEQUENCE) {
                t.add(texts.get(pick[k]));
            } else {
                s.add(sentences.get(pick[k]));
            }
            l[k] = labels[pick[k]];
        }
        return new TextTask(task, t, s, l);
    }

    /** Word-piece encodings of at most {@code maxLength} pieces; a word is labelled at its first piece. */
    public EncodedData encode(BertTokenizer tokenizer, int maxLength) {
        int pad = tokenizer.id(BertTokenizer.PAD);
        if (task.kind() == Task.Kind.SEQUENCE) {
            return EncodedData.sequences(task, texts.stream().map(x -> tokenizer.encode(x, null, maxLength)).toList(),
                    sequenceLabels(), pad);
        }
        List<Encoding> encodings = new ArrayList<>();
        int[][] positionLabels = new int[labels.length][];
        for (int i = 0; i < labels.length; i++) {
            WordPieces.Aligned a = WordPieces.encode(tokenizer, sentences.get(i), maxLength);
            encodings.add(a.encoding());
            positionLabels[i] = a.positionLabels(labels[i], LabelledExamples.UNLABELLED);
        }
        return new EncodedData(task, encodings, positionLabels, pad);
    }

    /**
     * The vectors of a frozen BERT, computed once: a sequence's mean-pooled last hidden state, or each word's last
     * hidden state at its first piece (words with no piece, or cut off by {@code maxLength}, are left out).
     */
    public FeatureData features(NDManager manager, Bert frozen, BertTokenizer tokenizer, int maxLength, int batch) {
        int pad = tokenizer.id(BertTokenizer.PAD);
        int h = frozen.config().hidden();
        if (task.kind() == Task.Kind.SEQUENCE) {
            List<Encoding> e = texts.stream().map(x -> tokenizer.encode(x, null, maxLength)).toList();
            return FeatureData.sequences(task, BertFeatures.meanPooled(manager, frozen, e, pad, batch), sequenceLabels());
        }
        List<Encoding> encodings = new ArrayList<>();
        List<int[]> positions = new ArrayList<>();
        int[][] kept = new int[labels.length][];
        for (int i = 0; i < labels.length; i++) {
            WordPieces.Aligned a = WordPieces.encode(tokenizer, sentences.get(i), maxLength);
            encodings.add(a.encoding());
            positions.add(a.positions());
            int[] first = a.firstPiece();
            int[] row = labels[i];
            kept[i] = java.util.stream.IntStream.range(0, first.length).filter(w -> first[w] >= 0).map(w -> row[w]).toArray();
        }
        return new FeatureData(task, BertFeatures.atPositions(manager, frozen, encodings, positions, pad, batch), kept, h);
    }
}
