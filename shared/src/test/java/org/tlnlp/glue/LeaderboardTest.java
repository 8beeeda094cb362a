package org.tlnlp.glue;

import org.junit.jupiter.api.Test;
import org.tlnlp.analysis.Metrics;
import org.tlnlp.analysis.TestAccuracy;
import org.tlnlp.engine.Rng;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Leaderboard} on two made-up tasks: its cells are the library's scores, its comparisons claim only what holds. */
class LeaderboardTest {

    private static TaskData task(TaskFormat f, int[] gold) {
        List<Example> test = new ArrayList<>();
        for (int i = 0; i < gold.length; i++) {
            test.add(new Example(Integer.toString(i), "text " + i, null, f.spec().labels().get(gold[i])));
        }
        return new TaskData(f, List.of(), Map.of(), Map.of("test", test), List.of());
    }

    private static int[] noisy(int[] gold, double right, int classes, long seed) {
        Random r = new Random(seed);
        int[] p = new int[gold.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = r.nextDouble() < right ? gold[i] : r.nextInt(classes);
        }
        return p;
    }

    @Test
    void cellsAreTheLibrarysScoresWithIntervalsAndComparisonsClaimOnlyWhatHolds() {
        Random r = new Random(1);
        int[] sentiment = r.ints(300, 0, 2).toArray();
        int[] spam = r.doubles(400).mapToInt(x -> x < 0.3 ? 1 : 0).toArray();
        Leaderboard board = new Leaderboard(List.of(task(OfflineSuite.SENTIMENT, sentiment), task(OfflineSuite.SPAM, spam)),
                new Rng(2));
        for (int seed = 0; seed < 3; seed++) {
            board.add("good", "Sentiment", noisy(sentiment, 0.9, 2, seed)).add("good", "Spam", noisy(spam, 0.9, 2, 10 + seed));
        }
        board.add("chance", "Sentiment", noisy(sentiment, 0, 2, 5)).add("chance", "Spam", noisy(spam, 0, 2, 6));
        board.add("chance twin", "Sentiment", noisy(sentiment, 0, 2, 5)).add("chance twin", "Spam", noisy(spam, 0, 2, 6));

        TestAccuracy a = TestAccuracy.of(sentiment);
        for (int seed = 0; seed < 3; seed++) {
            a.add(noisy(sentiment, 0.9, 2, seed));
        }
        Leaderboard.Score acc = board.taskScore("good", "Sentiment");
        assertEquals(a.summary(), acc.cell(), "accuracy: TestAccuracy's mean and Wilson interval");
        assertEquals(3, acc.seeds());
        assertEquals(300, acc.n());

        double f1 = 0;
        double accuracy = 0;
        for (int seed = 0; seed < 3; seed++) {
            f1 += Metrics.f1(spam, noisy(spam, 0.9, 2, 10 + seed)) / 3;
            accuracy += Metrics.accuracy(spam, noisy(spam, 0.9, 2, 10 + seed)) / 3;
        }
        Leaderboard.Score spamScore = board.taskScore("good", "Spam");
        assertEquals((f1 + accuracy) / 2, spamScore.mean(), 1e-12, "Spam: the mean of F1 and accuracy, averaged over seeds");
        assertTrue(spamScore.lower() < spamScore.mean() && spamScore.mean() < spamScore.upper());
        assertEquals(f1, board.metric("good", "Spam", GlueMetric.F1).mean(), 1e-12);
        assertEquals((acc.mean() + spamScore.mean()) / 2, board.average("good").mean(), 1e-12);

        assertTrue(board.compare("good", "chance", null).endsWith("good scores higher on these test sets."),
                board.compare("good", "chance", null));
        assertTrue(board.compare("chance", "chance twin", "Spam").contains("do not tell them apart"));

        Table t = board.table("Leaderboard");
        assertEquals(List.of("method", "Sentiment accuracy (n=300)", "Spam f1/accuracy (n=400)", "average"), t.columnNames());
        assertEquals(3, t.rowCount());
        assertEquals(3 * 3, board.details("Details").rowCount(), "one row per method, task and metric");
        assertThrows(IllegalArgumentException.class, () -> board.add("x", "Sentiment", new int[3]));
        assertThrows(IllegalArgumentException.class, () -> board.taskScore("nobody", "Spam"));
    }
}
