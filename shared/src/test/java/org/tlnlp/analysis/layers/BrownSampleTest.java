package org.tlnlp.analysis.layers;

import org.junit.jupiter.api.Test;
import org.tlnlp.data.BrownTasks;

import java.util.Arrays;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link BrownSample}: fixed, held out, every genre even when small, a smaller sample a prefix of a larger one. */
class BrownSampleTest {

    @Test
    void theSampleIsFixedHeldOutAndCoversEveryGenre() {
        BrownSample small = BrownSample.heldOut(600, 40);
        BrownSample large = BrownSample.heldOut(3000, 40);
        assertTrue(small.words() >= 600 && small.words() < 800, "whole passages, a little over: " + small.words());
        for (int i = 0; i < small.sentences().size(); i++) {
            assertEquals(small.sentences().get(i).words(), large.sentences().get(i).words(), "sentence " + i);
        }
        assertEquals(BrownTasks.GENRES.size(), Arrays.stream(small.passageGenres()).distinct().count(), "every genre");
        for (BrownSample.Sentence s : large.sentences()) {
            assertTrue(s.words().size() <= 40);
            assertTrue(s.document().matches("c[a-r]\\d\\d"), s.document());
        }
        // Types are lower-cased words; the next type is the following word's in the same sentence.
        int[] types = large.types();
        int[] next = large.nextTypes();
        BrownSample.Sentence first = large.sentences().get(0);
        assertEquals(first.words().get(1).toLowerCase(Locale.ROOT), large.typeName(types[1]));
        assertEquals(types[1], next[0]);
        assertEquals(-1, next[first.words().size() - 1], "no next word after a sentence's last");
        assertEquals(large.words(), large.tags().length);
        assertArrayEquals(first.tags(), Arrays.copyOf(large.tags(), first.tags().length));
        assertEquals(large.passages(), Arrays.stream(large.passageOf()).max().getAsInt() + 1);
    }
}
