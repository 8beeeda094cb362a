package org.tlnlp.lesson07.exercises;

import org.tlnlp.data.Tsv;
import org.tlnlp.glue.GlueFiles;
import org.tlnlp.grading.Exercise;
import org.tlnlp.grading.NotImplementedYet;

import java.util.List;

/** Lesson 07, exercise 7.5: reading GLUE's task files, quirks and all. */
public final class GlueTsv {

    private GlueTsv() {
    }

    /**
     * Exercise 7.5. The values of some columns of a GLUE task file, row by row, read the way GLUE's own tools read
     * them (Python's {@code csv} module with tab as delimiter and <em>no quote character</em>):
     *
     * <ul>
     *   <li>the first line is the header, the columns' names; a byte-order mark (U+FEFF) before it is dropped;</li>
     *   <li>lines end in {@code \n} or {@code \r\n}; the last may have no line end; an empty line is no row;</li>
     *   <li>fields are separated by tabs and nothing else: a quote character is an ordinary character, even at the
     *       start of a field and never closed (SST-2 and MNLI have such fields; a CSV reader that honours quotes runs
     *       on into the following lines);</li>
     *   <li>columns are found by their header name, never by position: MNLI's dev files carry five annotators'
     *       labels ({@code label1} to {@code label5}) before {@code gold_label}, its training file one, its test files
     *       none;</li>
     *   <li>a row with fewer fields than the header is skipped (QQP has rows with a missing question); an empty
     *       field is a value, {@code ""};</li>
     *   <li>a column asked for that the header does not have is an {@link IllegalArgumentException} whose message
     *       names that column and lists the header.</li>
     * </ul>
     *
     * @param text    the whole file
     * @param columns the names of the columns wanted, in the order wanted
     * @return one list per kept row, its values in the order of {@code columns}
     */
    @Exercise(value = "7.5", mayNotUse = {Tsv.class, GlueFiles.class})
    public static List<List<String>> read(String text, List<String> columns) {
        throw new NotImplementedYet("7.5 (GlueTsv.read)");
    }
}
