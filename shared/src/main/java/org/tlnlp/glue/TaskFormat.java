package org.tlnlp.glue;

import java.util.List;

/**
 * Where a task's files are and how they are laid out: its folder, the training file, the labelled dev files and
 * the unlabelled test files, each with its columns; a test file also names the file its predictions are submitted
 * as. GLUE's own tasks are {@link GlueTask}'s; the offline suite's are {@link OfflineSuite#formats()}.
 */
public record TaskFormat(TaskSpec spec, String folder, TaskFormat.File train, List<TaskFormat.File> dev,
                         List<TaskFormat.File> test) {

    public TaskFormat {
        dev = List.copyOf(dev);
        test = List.copyOf(test);
    }

    /**
     * A column of a file: by its header name, or by its position (0-based) in a file without a header.
     */
    public record Column(String name, int position) {

        public static Column named(String name) {
            return new Column(name, -1);
        }

        public static Column at(int position) {
            return new Column(null, position);
        }

        @Override
        public String toString() {
            return name != null ? "'" + name + "'" : "column " + position;
        }
    }

    /**
     * How a file's columns make examples. Without an {@code id} column an example's id is its row number (0-based,
     * the header not counted); without a {@code label} column the file is unlabelled.
     *
     * @param header whether the first line names the columns
     */
    public record Layout(boolean header, Column id, Column textA, Column textB, Column label) {
    }

    /**
     * One file of a task.
     *
     * @param set        the set's name in reports ({@code train}, {@code dev}, {@code dev_matched}, {@code test}, ...)
     * @param file       the file's name in the task's folder
     * @param layout     its columns
     * @param submission for a test file, the name its predictions are submitted as ({@code CoLA.tsv}, {@code MNLI-m.tsv});
     *                   else null
     * @param heldLabels for a test file whose labels are kept apart (the offline suite's, standing in for the
     *                   benchmark's server): that file's name ({@code index}, {@code label} columns); else null
     */
    public record File(String set, String file, Layout layout, String submission, String heldLabels) {

        public static File labelled(String set, String file, Layout layout) {
            return new File(set, file, layout, null, null);
        }

        public static File test(String set, String file, Layout layout, String submission) {
            return new File(set, file, layout, submission, null);
        }
    }

    /** The name reports use: the task's. */
    public String name() {
        return spec.name();
    }
}
