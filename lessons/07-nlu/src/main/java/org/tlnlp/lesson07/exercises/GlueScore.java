package org.tlnlp.lesson07.exercises;

import org.tlnlp.glue.GlueScores;
import org.tlnlp.grading.Exercise;
import org.tlnlp.grading.NotImplementedYet;

import java.util.Map;

/** Lesson 07, exercise 7.6: the one number of the GLUE leaderboard. */
public final class GlueScore {

    private GlueScore() {
    }

    /**
     * Exercise 7.6. The GLUE score of a leaderboard row, as the benchmark computes it (Wang et al., 2019, section 3.4):
     * the unweighted mean of the nine task scores, where a task with two metrics scores the unweighted mean of the
     * two. The leaderboard has eleven columns; mind two of them. MNLI is one task reported twice, on its matched and
     * mismatched test sets: its task score is the mean of {@code MNLI-m} and {@code MNLI-mm}. {@code AX}, the
     * diagnostic set, is shown on the leaderboard but is not part of the score. A row that lacks any of the ten
     * other columns has no GLUE score: throw an {@link IllegalArgumentException} that names what is missing.
     *
     * <p>Checked on published rows: BERT-base's numbers give 78.3.
     *
     * @param row the row's numbers in percent, by column: {@code CoLA} (Matthews), {@code SST-2} (accuracy),
     *            {@code MRPC} (F1, accuracy), {@code STS-B} (Pearson, Spearman), {@code QQP} (F1, accuracy),
     *            {@code MNLI-m}, {@code MNLI-mm}, {@code QNLI}, {@code RTE}, {@code WNLI} (accuracy), and maybe
     *            {@code AX} (Matthews); two numbers where a task has two metrics, else one
     * @return the GLUE score, in percent
     */
    @Exercise(value = "7.6", mayNotUse = GlueScores.class)
    public static double glueScore(Map<String, double[]> row) {
        throw new NotImplementedYet("7.6 (GlueScore.glueScore)");
    }
}
