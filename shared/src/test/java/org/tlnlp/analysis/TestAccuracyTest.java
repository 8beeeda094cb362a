package org.tlnlp.analysis;

import org.junit.jupiter.api.Test;
import org.tlnlp.engine.Rng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TestAccuracyTest {

    private static final int[] GOLD = {0, 1, 1, 0, 1, 0, 0, 1, 1, 1};

    @Test
    void meanSeedsAndIntervalOfOneSeedAreTheWilsonInterval() {
        TestAccuracy a = TestAccuracy.of(GOLD).add(new int[] {0, 1, 1, 0, 1, 0, 0, 1, 0, 0}); // 8 of 10
        assertEquals(10, a.n());
        assertEquals(1, a.seeds());
        assertEquals(0.8, a.mean(), 1e-12);
        // The Wilson interval of 8 of 10, computed separately in Python from the closed form: (0.4901625, 0.9433178)
        assertEquals(0.4901625, a.interval().lower(), 1e-6);
        assertEquals(0.9433178, a.interval().upper(), 1e-6);
        assertEquals("0.800 [0.490, 0.943]", a.summary());
    }

    @Test
    void severalSeedsAverageAndKeepTheirRange() {
        TestAccuracy a = TestAccuracy.of(GOLD)
                .add(GOLD.clone())                                   // 10 of 10
                .add(new int[] {1, 1, 1, 0, 1, 0, 0, 1, 1, 0});      // 8 of 10
        assertArrayEquals(new double[] {1.0, 0.8}, a.perSeed(), 1e-12);
        assertEquals(0.9, a.mean(), 1e-12);
        assertArrayEquals(new double[] {0.8, 1.0}, a.seedRange(), 1e-12);
        assertArrayEquals(new double[] {0.5, 1, 1, 1, 1, 1, 1, 1, 1, 0.5}, a.itemScores(), 1e-12);
        assertEquals(Intervals.wilson(9, 10).lower(), a.interval().lower(), 1e-12);
    }

    @Test
    void aConstantAnswerIsTheMajorityBaseline() {
        TestAccuracy a = TestAccuracy.constant(GOLD, 1);
        assertEquals(0.6, a.mean(), 1e-12);
    }

    @Test
    void aMethodMinusItselfIsExactlyZeroAndSeparatesNothing() {
        TestAccuracy a = TestAccuracy.of(GOLD).add(new int[] {0, 1, 1, 0, 1, 0, 0, 1, 0, 0});
        TestAccuracy.Difference d = a.minus(a, new Rng(1));
        assertEquals(0, d.estimate(), 0);
        assertEquals(0, d.lower(), 0);
        assertEquals(0, d.upper(), 0);
        assertFalse(d.separates());
        assertTrue(d.sentence("A", "B").contains("does not tell them apart"), d.sentence("A", "B"));
    }

    @Test
    void aClearDifferenceOnManyItemsIsSeparatedAndNamed() {
        int n = 400;
        int[] gold = new int[n];
        int[] good = new int[n];
        int[] poor = new int[n];
        for (int i = 0; i < n; i++) {
            gold[i] = i % 2;
            good[i] = i % 10 == 0 ? 1 - gold[i] : gold[i];   // 90% right
            poor[i] = i % 10 < 4 ? 1 - gold[i] : gold[i];    // 60% right
        }
        TestAccuracy a = TestAccuracy.of(gold).add(good);
        TestAccuracy b = TestAccuracy.of(gold).add(poor);
        TestAccuracy.Difference d = a.minus(b, new Rng(7));
        assertEquals(0.3, d.estimate(), 1e-12);
        assertTrue(d.lower() > 0.2 && d.upper() < 0.4, d.toString());
        assertTrue(d.separates());
        assertTrue(d.sentence("good", "poor").endsWith("good is more accurate on this test set."));
        // The same seed gives the same interval.
        assertEquals(d, a.minus(b, new Rng(7)));
    }

    @Test
    void aSmallDifferenceOnFewItemsIsNotClaimed() {
        TestAccuracy a = TestAccuracy.of(GOLD).add(new int[] {0, 1, 1, 0, 1, 0, 0, 1, 1, 0}); // 9 of 10
        TestAccuracy b = TestAccuracy.of(GOLD).add(new int[] {0, 1, 1, 0, 1, 0, 0, 1, 0, 0}); // 8 of 10
        TestAccuracy.Difference d = a.minus(b, new Rng(3));
        assertEquals(0.1, d.estimate(), 1e-12);
        assertFalse(d.separates(), d.toString());
    }

    @Test
    void mismatchedInputsAreRefusedWithTheirSizes() {
        TestAccuracy a = TestAccuracy.of(GOLD);
        var e = assertThrows(IllegalArgumentException.class, () -> a.add(new int[3]));
        assertTrue(e.getMessage().contains("(10), got 3"), e.getMessage());
        assertThrows(IllegalStateException.class, a::mean);
        TestAccuracy other = TestAccuracy.of(new int[] {1, 1}).add(new int[] {1, 1});
        assertThrows(IllegalArgumentException.class, () -> a.add(GOLD).minus(other, new Rng(1)));
        assertThrows(IllegalArgumentException.class, () -> TestAccuracy.of(new int[0]));
    }
}
