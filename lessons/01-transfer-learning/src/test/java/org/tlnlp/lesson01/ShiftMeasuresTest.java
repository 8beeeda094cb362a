package org.tlnlp.lesson01;

import org.junit.jupiter.api.Test;
import org.tlnlp.analysis.DomainShift;
import org.tlnlp.data.Split;
import org.tlnlp.data.TaggedWord;
import org.tlnlp.grading.Graded;
import org.tlnlp.lesson01.exercises.ShiftMeasures;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Graded tests of exercises 1.1 to 1.5. Each checks small cases whose answers are worked out by hand
 * (in the comments) and then real Brown genres against the shared library's implementation.
 */
class ShiftMeasuresTest {

    private static final List<TaggedWord> NEWS = BrownGenres.tokens("news", Split.TRAIN);
    private static final List<TaggedWord> ROMANCE = BrownGenres.tokens("romance", Split.TRAIN);

    @Test
    @Graded(exercise = "1.1", kind = Graded.Kind.FUNCTION, title = "vocabulary overlap (Jaccard)",
            hint = "|A ∩ B| / |A ∪ B|; two empty sets count as equal (1.0); copy a set before retainAll or addAll so the inputs stay unchanged.")
    void vocabularyOverlap() {
        // {b, c} shared out of {a, b, c, d}: 2 / 4.
        assertEquals(0.5, ShiftMeasures.vocabularyOverlap(Set.of("a", "b", "c"), Set.of("b", "c", "d")), 1e-12,
                "vocabularyOverlap({a,b,c}, {b,c,d}) = |{b,c}| / |{a,b,c,d}|");
        assertEquals(0.0, ShiftMeasures.vocabularyOverlap(Set.of("a"), Set.of("b")), 1e-12, "disjoint sets");
        assertEquals(1.0, ShiftMeasures.vocabularyOverlap(Set.of("a", "b"), Set.of("b", "a")), 1e-12, "equal sets");
        assertEquals(1.0, ShiftMeasures.vocabularyOverlap(Set.of(), Set.of()), 1e-12, "two empty sets count as equal");

        Set<String> news = BrownGenres.wordCounts(NEWS).keySet();
        Set<String> romance = BrownGenres.wordCounts(ROMANCE).keySet();
        // An independent count by merging the two sorted vocabularies.
        long shared = new TreeSet<>(news).stream().filter(romance::contains).count();
        double expected = shared / (double) (news.size() + romance.size() - shared);
        assertEquals(expected, ShiftMeasures.vocabularyOverlap(news, romance), 1e-12, "news vs romance vocabularies");
        assertEquals(DomainShift.jaccard(news, romance), ShiftMeasures.vocabularyOverlap(news, romance), 1e-12);
    }

    @Test
    @Graded(exercise = "1.2", kind = Graded.Kind.FUNCTION, title = "out-of-vocabulary rate",
            hint = "Count tokens, not types: each unseen word weighs its count in the target; an empty target has rate 0.")
    void oovRate() {
        // 3 of the 4 target tokens (x, x, x, a) are missing from {a, b}.
        assertEquals(0.75, ShiftMeasures.oovRate(Map.of("x", 3L, "a", 1L), Set.of("a", "b")), 1e-12,
                "oovRate({x:3, a:1}, {a, b}) counts tokens, not word types");
        assertEquals(0.0, ShiftMeasures.oovRate(Map.of(), Set.of("a")), 1e-12, "an empty target has no unseen tokens");
        Map<String, Long> romance = BrownGenres.wordCounts(ROMANCE);
        Set<String> news = BrownGenres.wordCounts(NEWS).keySet();
        long unseen = ROMANCE.stream().filter(t -> !news.contains(t.word())).count();
        assertEquals(unseen / (double) ROMANCE.size(), ShiftMeasures.oovRate(romance, news), 1e-12,
                "share of romance tokens never seen in news");
    }

    @Test
    @Graded(exercise = "1.3", kind = Graded.Kind.ALGORITHM, title = "Jensen-Shannon divergence of P(X)",
            hint = "Normalise each side by its own total, use M = (P + Q) / 2 over the union of keys, log base 2, and skip terms where p = 0 (0 · log 0 = 0).")
    void jensenShannon() {
        assertEquals(1.0, ShiftMeasures.jensenShannon(Map.of("a", 5L), Map.of("b", 2L)), 1e-12,
                "distributions with nothing in common are 1 bit apart");
        assertEquals(0.0, ShiftMeasures.jensenShannon(Map.of("a", 1L, "b", 3L), Map.of("a", 2L, "b", 6L)), 1e-12,
                "counts in the same proportions give the same distribution");
        // P = (1/2, 1/2), Q = (1, 0), M = (3/4, 1/4): JS = H(M) − (H(P) + H(Q)) / 2 = H(3/4, 1/4) − 1/2.
        double hm = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25)) / Math.log(2);
        assertEquals(hm - 0.5, ShiftMeasures.jensenShannon(Map.of("a", 1L, "b", 1L), Map.of("a", 4L)), 1e-12,
                "JS({a:1, b:1}, {a:4}) in bits");
        Map<String, Long> news = BrownGenres.wordCounts(NEWS);
        Map<String, Long> romance = BrownGenres.wordCounts(ROMANCE);
        double js = ShiftMeasures.jensenShannon(news, romance);
        assertEquals(DomainShift.jensenShannon(news, romance), js, 1e-9, "news vs romance word distributions");
        assertEquals(js, ShiftMeasures.jensenShannon(romance, news), 1e-12, "JS is symmetric");
    }

    @Test
    @Graded(exercise = "1.4", kind = Graded.Kind.FUNCTION, title = "total variation of the label prior P(Y)",
            hint = "Half the sum of |p - q| over the union of labels, each distribution normalised by its own total.")
    void totalVariation() {
        // P = (1/2, 1/2, 0), Q = (1/4, 1/4, 1/2): ½ (1/4 + 1/4 + 1/2) = 1/2.
        assertEquals(0.5, ShiftMeasures.totalVariation(Map.of("a", 1L, "b", 1L), Map.of("a", 1L, "b", 1L, "c", 2L)), 1e-12,
                "TV({a:1, b:1}, {a:1, b:1, c:2})");
        assertEquals(1.0, ShiftMeasures.totalVariation(Map.of("a", 1L), Map.of("b", 1L)), 1e-12, "disjoint labels");
        Map<String, Long> news = BrownGenres.tagCounts(NEWS);
        Map<String, Long> romance = BrownGenres.tagCounts(ROMANCE);
        assertEquals(DomainShift.totalVariation(news, romance), ShiftMeasures.totalVariation(news, romance), 1e-12,
                "news vs romance tag distributions");
    }

    @Test
    @Graded(exercise = "1.5", kind = Graded.Kind.ALGORITHM, title = "most-frequent-tag accuracy (P(Y|X) shift)",
            hint = "Learn each word’s most frequent tag on the training tokens; score only test tokens whose word was seen; break ties as the Javadoc says.")
    void mostFrequentTagAccuracy() {
        List<TaggedWord> train = List.of(t("run", "vb"), t("run", "vb"), t("run", "nn"), t("the", "at"),
                t("saw", "vbd"), t("saw", "nn"));
        // run -> vb (2 of 3); saw -> nn (a tie, nn < vbd). "dog" is unknown and ignored:
        // run/vb right, the/at right, saw/vbd wrong: 2 of 3 known tokens.
        List<TaggedWord> test = List.of(t("run", "vb"), t("the", "at"), t("saw", "vbd"), t("dog", "nn"));
        assertEquals(2.0 / 3, ShiftMeasures.mostFrequentTagAccuracy(train, test), 1e-12,
                "accuracy on known words, ties broken alphabetically");
        assertTrue(Double.isNaN(ShiftMeasures.mostFrequentTagAccuracy(train, List.of(t("dog", "nn")))),
                "no known word in the test: NaN");

        List<TaggedWord> held = BrownGenres.tokens("news", Split.VALIDATION);
        double inDomain = ShiftMeasures.mostFrequentTagAccuracy(NEWS, held);
        double crossDomain = ShiftMeasures.mostFrequentTagAccuracy(NEWS, ROMANCE);
        DomainShift.MostFrequentTag reference = new DomainShift.MostFrequentTag(NEWS);
        assertEquals(reference.accuracyOnKnownWords(held), inDomain, 1e-12, "news tagger on held-out news");
        assertEquals(reference.accuracyOnKnownWords(ROMANCE), crossDomain, 1e-12, "news tagger on romance");
    }

    private static TaggedWord t(String word, String tag) {
        return new TaggedWord(word, tag);
    }
}
