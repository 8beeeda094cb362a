package org.tlnlp.multitask;

import ai.djl.ndarray.NDManager;
import org.tlnlp.models.bert.BertInput;
import org.tlnlp.text.Encoding;

import java.util.ArrayList;
import java.util.List;

/**
 * A task's examples as word-piece encodings for a BERT encoder: a sequence task's label belongs to the whole
 * encoding; a token task labels each word at its first piece ({@code WordPieces.Aligned}).
 */
public final class EncodedData extends LabelledExamples<BertInput> {

    private final List<Encoding> encodings;
    private final int padId;

    /** @param labels per example, one label per piece position ({@link #UNLABELLED} where none); or one for a sequence task */
    public EncodedData(Task task, List<Encoding> encodings, int[][] labels, int padId) {
        super(task, labels);
        if (encodings.size() != labels.length) {
            throw new IllegalArgumentException(task.name() + ": " + encodings.size() + " encodings but " + labels.length
                    + " label rows");
        }
        if (task.kind() == Task.Kind.TOKEN) {
            for (int i = 0; i < labels.length; i++) {
                if (labels[i].length != encodings.get(i).length()) {
                    throw new IllegalArgumentException(task.name() + ": example " + i + " has " + labels[i].length
                            + " position labels for " + encodings.get(i).length() + " pieces");
                }
            }
        }
        this.encodings = List.copyOf(encodings);
        this.padId = padId;
    }

    /** A sequence task: one encoding and one label per example. */
    public static EncodedData sequences(Task task, List<Encoding> encodings, int[] labels, int padId) {
        int[][] rows = new int[labels.length][];
        for (int i = 0; i < labels.length; i++) {
            rows[i] = new int[] {labels[i]};
        }
        return new EncodedData(task, encodings, rows, padId);
    }

    @Override
    protected BertInput inputs(NDManager manager, int[] pick) {
        List<Encoding> chosen = new ArrayList<>(pick.length);
        for (int p : pick) {
            chosen.add(encodings.get(p));
        }
        return BertInput.of(manager, chosen, padId);
    }

    @Override
    public EncodedData subset(int[] pick) {
        List<Encoding> e = new ArrayList<>(pick.length);
        for (int p : pick) {
            e.add(encodings.get(p));
        }
        return new EncodedData(task, e, pickLabels(pick), padId);
    }
}
