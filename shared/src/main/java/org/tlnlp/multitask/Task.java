package org.tlnlp.multitask;

import java.util.List;

/**
 * One task of a multitask model: its name, whether it labels a whole sequence or every word, and its labels.
 *
 * @param name   a short name, used in parameter names ({@code head.<name>.weight}) and reports
 * @param kind   what is labelled
 * @param labels the names of the classes, in label-id order
 */
public record Task(String name, Kind kind, List<String> labels) {

    /** What a task labels. */
    public enum Kind {
        /** One label per sequence (sentiment, spam, genre): the head reads the mean of the encoder's vectors. */
        SEQUENCE,
        /** One label per word (part of speech): the head reads the vector at each labelled position. */
        TOKEN
    }

    public Task {
        if (name == null || !name.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("a task name is lower-case letters, digits and _, not '" + name + "'");
        }
        if (labels.size() < 2) {
            throw new IllegalArgumentException("task " + name + " needs at least two labels, has " + labels);
        }
        labels = List.copyOf(labels);
    }

    /** How many classes the head scores. */
    public int classes() {
        return labels.size();
    }
}
