package org.tlnlp.glue;

/**
 * One item of a task: its id (a test file's {@code index}, else its row number), its text or pair of texts, and its
 * label as the file writes it ({@code "1"}, {@code "entailment"}, {@code "3.800"}), or null where the file has none
 * (GLUE's test sets).
 */
public record Example(String id, String textA, String textB, String label) {

    public Example {
        if (id == null || textA == null) {
            throw new IllegalArgumentException("an example needs an id and a text, got id " + id + ", text " + textA);
        }
    }

    /** The same example without its label (as a test file holds it). */
    public Example unlabelled() {
        return new Example(id, textA, textB, null);
    }
}
