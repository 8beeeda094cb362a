package org.tlnlp.lesson02.lab;

import org.tlnlp.lab.LabSize;
import org.tlnlp.lab.Settings;

/**
 * The sizes of lab 02, each field set by name.
 *
 * @param maxLength        word pieces per example (longer ones are cut)
 * @param targetPool       sentiment training sentences each seed draws its low-resource set from
 * @param targetTest       sentiment test sentences (the fixed test set every accuracy is measured on)
 * @param sizes            the low-resource sizes: how many labelled sentiment sentences a run gets
 * @param auxTrain         training examples of each auxiliary task
 * @param devSize          held-out examples of each task, for the learning curves
 * @param hidden           width of the shared layer over MiniLM's frozen vectors
 * @param steps            training steps of a run (a joint step holds one batch of every task)
 * @param batch            examples per task batch
 * @param evalPoints       how many times a run is evaluated (the points of its learning curves)
 * @param learningRate     AdamW's peak rate (warm-up 10%, then linear decay)
 * @param sigmaRateScale   how much faster than the rest log σ learns, so that σ settles within a run
 * @param temperature      the temperature of the tempered sampling scheme
 * @param compareSize      sentiment labels in the comparisons at one size (weighting, sampling, sharing, pairs)
 * @param softLambda       soft sharing's penalty λ
 * @param probeLabels      labels of the new task a frozen encoder is probed with (representation bias)
 * @param seeds            runs per method, each with its own low-resource set and initialisation
 * @param bertEncoder      the whole encoder shared in part 5: "small" (a small BERT from random weights) or
 *                         "minilm" (MiniLM fine-tuned end to end: for a GPU)
 * @param bertHidden       the small BERT's width
 * @param bertLayers       the small BERT's layers
 * @param bertSteps        training steps of a part 5 run
 * @param bertLearningRate part 5's peak rate
 * @param bertTargetSize   sentiment labels in part 5
 * @param bertAuxTrain     part-of-speech sentences in part 5
 */
public record MultitaskSettings(int maxLength, int targetPool, int targetTest, int[] sizes, int auxTrain, int devSize,
                                int hidden, int steps, int batch, int evalPoints, double learningRate,
                                double sigmaRateScale, double temperature, int compareSize, float softLambda,
                                int probeLabels, int seeds, String bertEncoder, int bertHidden, int bertLayers,
                                int bertSteps, double bertLearningRate, int bertTargetSize, int bertAuxTrain) {

    static final MultitaskSettings SMOKE = Settings.of(MultitaskSettings.class, "maxLength", 24, "targetPool", 60,
            "targetTest", 40, "sizes", new int[] {20, 40}, "auxTrain", 40, "devSize", 20, "hidden", 32, "steps", 12,
            "batch", 8, "evalPoints", 2, "learningRate", 1e-3, "sigmaRateScale", 20, "temperature", 2.0,
            "compareSize", 20, "softLambda", 1e-3, "probeLabels", 20, "seeds", 2, "bertEncoder", "small",
            "bertHidden", 32, "bertLayers", 1, "bertSteps", 4, "bertLearningRate", 5e-4, "bertTargetSize", 20,
            "bertAuxTrain", 20);

    static final MultitaskSettings QUICK = Settings.of(MultitaskSettings.class, "maxLength", 40, "targetPool", 1000,
            "targetTest", 300, "sizes", new int[] {50, 100, 200, 500}, "auxTrain", 800, "devSize", 200, "hidden", 256,
            "steps", 300, "batch", 16, "evalPoints", 6, "learningRate", 1e-3, "sigmaRateScale", 20,
            "temperature", 2.0, "compareSize", 100, "softLambda", 1e-3, "probeLabels", 100, "seeds", 3,
            "bertEncoder", "small", "bertHidden", 128, "bertLayers", 2, "bertSteps", 150, "bertLearningRate", 5e-4,
            "bertTargetSize", 200, "bertAuxTrain", 2000);

    static final MultitaskSettings FULL = Settings.of(MultitaskSettings.class, "maxLength", 64, "targetPool", 2398,
            "targetTest", 300, "sizes", new int[] {50, 100, 200, 500, 1000}, "auxTrain", 3000, "devSize", 300,
            "hidden", 256, "steps", 1000, "batch", 16, "evalPoints", 10, "learningRate", 1e-3, "sigmaRateScale", 20,
            "temperature", 2.0, "compareSize", 100, "softLambda", 1e-3, "probeLabels", 200, "seeds", 5,
            "bertEncoder", "minilm", "bertHidden", 384, "bertLayers", 6, "bertSteps", 1000, "bertLearningRate", 5e-5,
            "bertTargetSize", 200, "bertAuxTrain", 5000);

    public static MultitaskSettings of(LabSize size) {
        return size.pick(SMOKE, QUICK, FULL);
    }

    /** As a record prints itself, with the sizes written out (for the report's provenance). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("MultitaskSettings[");
        for (java.lang.reflect.RecordComponent c : MultitaskSettings.class.getRecordComponents()) {
            try {
                Object v = c.getAccessor().invoke(this);
                sb.append(sb.charAt(sb.length() - 1) == '[' ? "" : ", ").append(c.getName()).append('=')
                        .append(v instanceof int[] a ? java.util.Arrays.toString(a) : v);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return sb.append(']').toString();
    }
}
