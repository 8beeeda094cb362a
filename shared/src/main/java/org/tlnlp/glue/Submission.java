package org.tlnlp.glue;

import org.tlnlp.data.Tsv;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test predictions in the form GLUE's server takes them: one file per test set, named as the benchmark names it
 * ({@code CoLA.tsv}, {@code SST-2.tsv}, {@code MRPC.tsv}, {@code STS-B.tsv}, {@code QQP.tsv}, {@code MNLI-m.tsv},
 * {@code MNLI-mm.tsv}, {@code QNLI.tsv}, {@code RTE.tsv}, {@code WNLI.tsv}, {@code AX.tsv}), a header
 * {@code index<TAB>prediction}, then one row per test example with the test file's index and the prediction:
 * the label as the task's files write it ({@code 0}/{@code 1} for CoLA, SST-2, MRPC, QQP, WNLI;
 * {@code entailment}/{@code not_entailment} for QNLI and RTE; {@code entailment}/{@code neutral}/{@code contradiction}
 * for MNLI and AX), or for STS-B the score clipped to [0, 5] with three decimals. The files go into a zip for the
 * server; the course writes the folder.
 */
public final class Submission {

    /** The header of every submission file. */
    public static final List<String> HEADER = List.of("index", "prediction");

    private Submission() {
    }

    /** Writes the predictions of one test set as {@code dir/<submission name>}; returns the file. */
    public static Path write(Path dir, TaskFormat format, TaskFormat.File testFile, List<Example> test, Predictions p)
            throws IOException {
        if (testFile.submission() == null) {
            throw new IllegalArgumentException(format.name() + " " + testFile.set() + " is not a test file with a submission name");
        }
        if (p.size() != test.size()) {
            throw new IllegalArgumentException(format.name() + " " + testFile.set() + ": " + p.size() + " predictions for "
                    + test.size() + " test examples");
        }
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < test.size(); i++) {
            rows.add(List.of(test.get(i).id(), format.spec().write(p, i)));
        }
        Path file = dir.resolve(testFile.submission());
        java.nio.file.Files.createDirectories(dir);
        Tsv.write(file, HEADER, rows);
        return file;
    }

    /**
     * Reads a submission file back as predictions for {@code test} (matched by index), checking its form: the header,
     * one row per test example, labels the task has, values that are numbers.
     */
    public static Predictions read(Path file, TaskSpec spec, List<Example> test) throws IOException {
        Tsv.Table t = Tsv.read(file, true);
        if (!t.header().equals(HEADER)) {
            throw new IOException(file + ": the header should be " + HEADER + ", found " + t.header());
        }
        java.util.Map<String, String> byIndex = new java.util.HashMap<>();
        for (List<String> row : t.rows()) {
            if (byIndex.put(row.get(0), row.get(1)) != null) {
                throw new IOException(file + ": index " + row.get(0) + " appears twice");
            }
        }
        if (byIndex.size() != test.size()) {
            throw new IOException(file + ": " + byIndex.size() + " predictions for " + test.size() + " test examples");
        }
        int[] labels = new int[test.size()];
        double[] values = new double[test.size()];
        for (int i = 0; i < test.size(); i++) {
            String v = byIndex.get(test.get(i).id());
            if (v == null) {
                throw new IOException(file + ": no prediction for index " + test.get(i).id());
            }
            try {
                if (spec.isRegression()) {
                    values[i] = Double.parseDouble(v);
                } else {
                    labels[i] = spec.labelIndex(v);
                }
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": index " + test.get(i).id() + ": " + e.getMessage(), e);
            }
        }
        return spec.isRegression() ? Predictions.ofValues(values) : Predictions.ofLabels(labels);
    }
}
