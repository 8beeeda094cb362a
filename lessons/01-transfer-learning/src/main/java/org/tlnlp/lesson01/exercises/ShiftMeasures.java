package org.tlnlp.lesson01.exercises;

import org.tlnlp.analysis.DomainShift;
import org.tlnlp.data.TaggedWord;
import org.tlnlp.grading.Exercise;
import org.tlnlp.grading.NotImplementedYet;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lesson 01, exercises 1.1 to 1.5: measuring how a target domain differs from a source domain.
 *
 * <p>Each method measures one of the five differences the lesson lists. Words are the features X and
 * part-of-speech tags the labels Y; a "count table" maps an item (a word or a tag) to how often it occurs.
 * Replace each {@code throw new NotImplementedYet(...)} with your code, then run
 * {@code mvn test -pl lessons/01-transfer-learning -am} (or {@code ./course grade}) to see your grade.
 * You may use only the JDK here: the point is to write the formulas yourself.
 */
public final class ShiftMeasures {

    private ShiftMeasures() {
    }

    /**
     * Exercise 1.1 (difference 1: the feature spaces differ). The Jaccard overlap of two vocabularies,
     * {@code |S ∩ T| / |S ∪ T|}: 1 when they are the same set, 0 when they share nothing.
     * Two empty sets count as identical (return 1).
     *
     * <p>Checked on small sets worked out by hand and on the vocabularies of two Brown genres.
     */
    @Exercise(value = "1.1", mayNotUse = DomainShift.class)
    public static double vocabularyOverlap(Set<String> source, Set<String> target) {
        throw new NotImplementedYet("1.1 (ShiftMeasures.vocabularyOverlap)");
    }

    /**
     * Exercise 1.2 (difference 1, as a model feels it). The out-of-vocabulary rate: the share of the
     * target's <em>tokens</em> (occurrences, so weight each word by its count) whose word never occurs in
     * the source vocabulary. Return 0 for an empty target.
     *
     * <p>Example: target counts {x: 3, a: 1}, source vocabulary {a, b}: 3 of 4 tokens are unseen, so 0.75.
     */
    @Exercise(value = "1.2", mayNotUse = DomainShift.class)
    public static double oovRate(Map<String, Long> targetCounts, Set<String> sourceVocabulary) {
        throw new NotImplementedYet("1.2 (ShiftMeasures.oovRate)");
    }

    /**
     * Exercise 1.3 (difference 2: the marginal distribution of words P(X) differs). The Jensen–Shannon
     * divergence, in bits, between the distributions two count tables define:
     * {@code JS(P, Q) = ½ KL(P ‖ M) + ½ KL(Q ‖ M)} with {@code M = ½ (P + Q)} and
     * {@code KL(P ‖ M) = Σ p_i log2(p_i / m_i)} over the items where {@code p_i > 0}.
     * Normalise each table by its own total first. The result lies in [0, 1]: 0 for equal distributions,
     * 1 for distributions with no item in common.
     */
    @Exercise(value = "1.3", mayNotUse = DomainShift.class)
    public static double jensenShannon(Map<String, Long> p, Map<String, Long> q) {
        throw new NotImplementedYet("1.3 (ShiftMeasures.jensenShannon)");
    }

    /**
     * Exercise 1.4 (difference 4: the label prior P(Y) differs). The total variation distance between
     * the label distributions two count tables define: {@code ½ Σ |p_i − q_i|} over every label of either
     * table (a label missing from one table has probability 0 there).
     */
    @Exercise(value = "1.4", mayNotUse = DomainShift.class)
    public static double totalVariation(Map<String, Long> p, Map<String, Long> q) {
        throw new NotImplementedYet("1.4 (ShiftMeasures.totalVariation)");
    }

    /**
     * Exercise 1.5 (difference 5: the conditional P(Y|X) differs). Train the simplest tagger there is on
     * {@code train}: each word gets the tag it has most often there (on a tie, the tag that comes first
     * alphabetically). Return its accuracy on the tokens of {@code test} whose word occurs in
     * {@code train}; ignore the others (they measure difference 1, not this one). Return {@code NaN} when
     * no test word is known.
     *
     * <p>Trained on one genre and tested on another, the drop in this accuracy against a held-out part of
     * the training genre shows how much P(tag | word) shifts.
     */
    @Exercise(value = "1.5", mayNotUse = DomainShift.class)
    public static double mostFrequentTagAccuracy(List<TaggedWord> train, List<TaggedWord> test) {
        throw new NotImplementedYet("1.5 (ShiftMeasures.mostFrequentTagAccuracy)");
    }
}
