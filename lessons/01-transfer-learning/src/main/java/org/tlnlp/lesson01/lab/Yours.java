package org.tlnlp.lesson01.lab;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.tlnlp.analysis.DomainShift;
import org.tlnlp.analysis.SharedSpace;
import org.tlnlp.data.TaggedWord;
import org.tlnlp.engine.Engines;
import org.tlnlp.lab.Mine;
import org.tlnlp.lesson01.exercises.SharedSpaceProjection;
import org.tlnlp.lesson01.exercises.ShiftMeasures;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pieces of lab 01 your exercises can replace ({@code ./course run 01-transfer-learning --mine}): the five
 * shift measures (1.1–1.5) and the shared space's projection and standardisation (1.6, 1.7).
 */
final class Yours {

    private Yours() {
    }

    /** Stops the lab up front, naming every exercise it needs that is not done yet. */
    static void check() {
        Mine.probes("01-transfer-learning")
                .add("1.1 (ShiftMeasures.vocabularyOverlap)", () -> ShiftMeasures.vocabularyOverlap(Set.of("a"), Set.of("a")))
                .add("1.2 (ShiftMeasures.oovRate)", () -> ShiftMeasures.oovRate(Map.of("a", 1L), Set.of("a")))
                .add("1.3 (ShiftMeasures.jensenShannon)", () -> ShiftMeasures.jensenShannon(Map.of("a", 1L), Map.of("a", 1L)))
                .add("1.4 (ShiftMeasures.totalVariation)", () -> ShiftMeasures.totalVariation(Map.of("a", 1L), Map.of("a", 1L)))
                .add("1.5 (ShiftMeasures.mostFrequentTagAccuracy)", () -> ShiftMeasures.mostFrequentTagAccuracy(
                        List.of(new TaggedWord("a", "x")), List.of(new TaggedWord("a", "x"))))
                .add("1.6 (SharedSpaceProjection.project)", () -> {
                    try (NDManager m = Engines.newManager()) {
                        SharedSpaceProjection.project(m.ones(new ai.djl.ndarray.types.Shape(1, 2)), m.zeros(
                                new ai.djl.ndarray.types.Shape(2)), m.ones(new ai.djl.ndarray.types.Shape(2, 1)));
                    }
                })
                .add("1.7 (SharedSpaceProjection.standardize)", () -> {
                    try (NDManager m = Engines.newManager()) {
                        SharedSpaceProjection.standardize(m.ones(new ai.djl.ndarray.types.Shape(2, 2)), 1e-6f);
                    }
                })
                .require();
    }

    /** The shift measures: yours with {@code --mine}, else the library's. */
    static DomainShift.Measures measures() {
        if (!Mine.enabled()) {
            return DomainShift.Measures.LIBRARY;
        }
        return new DomainShift.Measures() {
            @Override
            public double jaccard(Set<String> a, Set<String> b) {
                return ShiftMeasures.vocabularyOverlap(a, b);
            }

            @Override
            public double oovRate(Map<String, Long> target, Set<String> sourceVocabulary) {
                return ShiftMeasures.oovRate(target, sourceVocabulary);
            }

            @Override
            public double jensenShannon(Map<String, Long> p, Map<String, Long> q) {
                return ShiftMeasures.jensenShannon(p, q);
            }

            @Override
            public double totalVariation(Map<String, Long> p, Map<String, Long> q) {
                return ShiftMeasures.totalVariation(p, q);
            }

            @Override
            public double taggerAccuracy(List<TaggedWord> train, List<TaggedWord> test) {
                return ShiftMeasures.mostFrequentTagAccuracy(train, test);
            }
        };
    }

    /** Rows projected into the shared space. */
    static NDArray project(SharedSpace space, NDArray x) {
        return Mine.enabled() ? SharedSpaceProjection.project(x, space.mean(), space.basis()) : space.project(x);
    }

    /** Each column standardised over the rows. */
    static NDArray standardize(NDArray z, float eps) {
        return Mine.enabled() ? SharedSpaceProjection.standardize(z, eps) : SharedSpace.standardize(z, eps);
    }
}
