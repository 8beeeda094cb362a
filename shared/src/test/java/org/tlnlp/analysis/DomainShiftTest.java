package org.tlnlp.analysis;

import org.junit.jupiter.api.Test;
import org.tlnlp.data.TaggedWord;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DomainShiftTest {

    @Test
    void jaccardAndOovRateByHand() {
        assertEquals(2.0 / 4, DomainShift.jaccard(Set.of("a", "b", "c"), Set.of("b", "c", "d")), 1e-12);
        assertEquals(1.0, DomainShift.jaccard(Set.of(), Set.of()), 0);
        assertEquals(0.0, DomainShift.jaccard(Set.of("a"), Set.of("b")), 0);
        // target tokens: x ×3 (unseen), a ×1 (seen): 3 of 4 unseen
        assertEquals(0.75, DomainShift.oovRate(Map.of("x", 3L, "a", 1L), Set.of("a", "b")), 1e-12);
    }

    @Test
    void jensenShannonByHand() {
        // Disjoint supports: exactly 1 bit. Identical: 0.
        assertEquals(1.0, DomainShift.jensenShannon(Map.of("a", 5L), Map.of("b", 2L)), 1e-12);
        assertEquals(0.0, DomainShift.jensenShannon(Map.of("a", 1L, "b", 3L), Map.of("a", 2L, "b", 6L)), 1e-12);
        // P = (1/2, 1/2), Q = (1, 0): M = (3/4, 1/4).
        // JS = H(M) - (H(P) + H(Q)) / 2 = H(3/4, 1/4) - 1/2 bits.
        double hm = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25)) / Math.log(2);
        assertEquals(hm - 0.5, DomainShift.jensenShannon(Map.of("a", 1L, "b", 1L), Map.of("a", 4L)), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> DomainShift.jensenShannon(Map.of(), Map.of("a", 1L)));
    }

    @Test
    void totalVariationByHand() {
        // P = (0.5, 0.5, 0), Q = (0.25, 0.25, 0.5): TV = (0.25 + 0.25 + 0.5) / 2
        assertEquals(0.5, DomainShift.totalVariation(Map.of("a", 1L, "b", 1L), Map.of("a", 1L, "b", 1L, "c", 2L)), 1e-12);
    }

    @Test
    void mostFrequentTagAndConditionalShift() {
        List<TaggedWord> train = List.of(t("run", "vb"), t("run", "vb"), t("run", "nn"), t("the", "at"), t("saw", "nn"),
                t("saw", "vbd"));
        DomainShift.MostFrequentTag c = new DomainShift.MostFrequentTag(train);
        assertEquals("vb", c.predict("run"));
        assertEquals("nn", c.predict("saw"), "a tie goes to the alphabetically first tag");
        // Known words only: "dog" is ignored. run/vb right, the/at right, saw/vbd wrong: 2 of 3.
        List<TaggedWord> test = List.of(t("run", "vb"), t("the", "at"), t("saw", "vbd"), t("dog", "nn"));
        assertEquals(2.0 / 3, c.accuracyOnKnownWords(test), 1e-12);
        List<TaggedWord> held = List.of(t("run", "vb"), t("the", "at"));
        assertEquals(1.0 - 2.0 / 3, DomainShift.conditionalShift(train, held, test), 1e-12);
    }

    @Test
    void conditionalShiftWithTheWordsHeldFixed() {
        // The tagger learns run -> vb, the -> at. Held-out source: run right 1 of 2, the right 2 of 2.
        List<TaggedWord> train = List.of(t("run", "vb"), t("run", "vb"), t("run", "nn"), t("the", "at"));
        List<TaggedWord> held = List.of(t("run", "vb"), t("run", "nn"), t("the", "at"), t("the", "at"));
        // Target: run right 1 of 4, the right 1 of 1; "dog" is unknown and "saw" is not in the held-out source.
        List<TaggedWord> target = List.of(t("run", "vb"), t("run", "nn"), t("run", "nn"), t("run", "nn"),
                t("the", "at"), t("dog", "nn"));
        // Per-word gaps: run 1/2 - 1/4 = 1/4 (weight 4), the 1 - 1 = 0 (weight 1): (4 * 1/4 + 0) / 5.
        assertEquals(0.2, DomainShift.conditionalShiftSameWords(train, held, target), 1e-12);
        // The plain measure mixes in P(X): held-out 3/4 right, target 2/5 right.
        assertEquals(0.75 - 0.4, DomainShift.conditionalShift(train, held, target), 1e-12);
        // A target with the source's P(Y|X) but more of the ambiguous word: the plain measure moves, this one not.
        List<TaggedWord> sameLabelling = List.of(t("run", "vb"), t("run", "nn"), t("run", "vb"), t("run", "nn"),
                t("the", "at"));
        assertEquals(0.0, DomainShift.conditionalShiftSameWords(train, held, sameLabelling), 1e-12);
        assertEquals(0.75 - 0.6, DomainShift.conditionalShift(train, held, sameLabelling), 1e-12);
        assertTrue(Double.isNaN(DomainShift.conditionalShiftSameWords(train, held, List.of(t("dog", "nn")))));
    }

    private static TaggedWord t(String w, String tag) {
        return new TaggedWord(w, tag);
    }
}
