package org.tlnlp.lesson01.lab;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.tlnlp.analysis.DomainShift;
import org.tlnlp.analysis.PowerLaw;
import org.tlnlp.analysis.SharedSpace;
import org.tlnlp.data.TaggedWord;
import org.tlnlp.engine.Engines;
import org.tlnlp.lab.Mine;
import org.tlnlp.lesson01.exercises.ScalingLaws;
import org.tlnlp.lesson01.exercises.SharedSpaceProjection;
import org.tlnlp.lesson01.exercises.ShiftMeasures;
import org.tlnlp.lesson01.exercises.TransformerCounts;
import org.tlnlp.models.gpt2.Gpt2Config;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pieces of lab 01 your exercises can replace ({@code ./course run 01-transfer-learning --mine}): the five
 * shift measures (1.1–1.5), the shared space's projection and standardisation (1.6, 1.7), the power-law fit and its
 * R² (1.8, 1.9), extrapolation (1.10, 1.11), and the parameter and FLOP counts (1.12, 1.13).
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
                .add("1.8 (ScalingLaws.fitPowerLaw)", () -> ScalingLaws.fitPowerLaw(new double[] {1, 2, 4},
                        new double[] {3, 2, 1}))
                .add("1.9 (ScalingLaws.rSquaredLogLog)", () -> ScalingLaws.rSquaredLogLog(new double[] {1, 2, 4},
                        new double[] {3, 2, 1}, 1, 1))
                .add("1.10 (ScalingLaws.extrapolate)", () -> ScalingLaws.extrapolate(1, 1, 0, 1))
                .add("1.11 (ScalingLaws.sizeForLoss)", () -> ScalingLaws.sizeForLoss(1, 1, 0, 2))
                .add("1.12 (TransformerCounts.nonEmbeddingParameters)", () -> TransformerCounts.nonEmbeddingParameters(
                        Gpt2Config.gpt2Small()))
                .add("1.13 (TransformerCounts.trainingFlops)", () -> TransformerCounts.trainingFlops(
                        Gpt2Config.gpt2Small(), 1))
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

    /** The plain power law fitted in log space, with its R² and residuals: yours (1.8, 1.9) with {@code --mine}. */
    static PowerLaw.Fit fit(double[] x, double[] y) {
        if (!Mine.enabled()) {
            return PowerLaw.fit(x, y);
        }
        double[] f = ScalingLaws.fitPowerLaw(x, y);
        PowerLaw law = PowerLaw.of(f[0], f[1]);
        double r2 = ScalingLaws.rSquaredLogLog(x, y, f[0], f[1]);
        double[] residuals = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            residuals[i] = Math.log(y[i]) - Math.log(ScalingLaws.extrapolate(f[0], f[1], 0, x[i]));
        }
        return new PowerLaw.Fit(law, r2, 1 - (1 - r2) * (x.length - 1) / (x.length - 2), residuals, 2);
    }

    /** The law's loss at {@code x} (1.10 with {@code --mine}). */
    static double predict(PowerLaw law, double x) {
        return Mine.enabled() ? ScalingLaws.extrapolate(law.alpha(), law.scale(), law.irreducible(), x) : law.predict(x);
    }

    /** The x at which the law reaches {@code loss} (1.11 with {@code --mine}). */
    static double sizeFor(PowerLaw law, double loss) {
        return Mine.enabled() ? ScalingLaws.sizeForLoss(law.alpha(), law.scale(), law.irreducible(), loss)
                : law.sizeFor(loss);
    }

    /** N, the non-embedding parameters (1.12 with {@code --mine}). */
    static long nonEmbeddingParameters(Gpt2Config c) {
        return Mine.enabled() ? TransformerCounts.nonEmbeddingParameters(c) : c.nonEmbeddingParameters();
    }

    /** C = 6·N·tokens (1.13 with {@code --mine}). */
    static double trainingFlops(Gpt2Config c, long tokens) {
        return Mine.enabled() ? TransformerCounts.trainingFlops(c, tokens) : c.trainingFlops(tokens);
    }
}
