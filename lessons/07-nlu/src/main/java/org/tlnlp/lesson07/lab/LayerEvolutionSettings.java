package org.tlnlp.lesson07.lab;

import org.tlnlp.analysis.KMeans;
import org.tlnlp.analysis.LinearProbe;
import org.tlnlp.analysis.MutualInformation;
import org.tlnlp.analysis.layers.LayerAnalysis;
import org.tlnlp.analysis.layers.LayerProbes;
import org.tlnlp.lab.LabSize;
import org.tlnlp.lab.Settings;

/**
 * The sizes of the layer-evolution part of lab 07, each field set by name.
 *
 * @param vocab          BPE symbols learned from Brown, shared by the twin LM and MLM
 * @param layers         the twins' blocks (the paper: 6)
 * @param width          their width
 * @param heads          their attention heads
 * @param context        tokens per training window
 * @param batch          windows per step
 * @param steps          training steps of each twin
 * @param learningRate   their peak rate
 * @param seeds          seeds of the twin pair (a second seed gives CKA between seeds and the curves' seed spread)
 * @param evalWindows    held-out windows (and sentences, for the biLM's perplexity)
 * @param elmoVocab      the biLM's word vocabulary
 * @param elmoLstm       its LSTM cells
 * @param elmoProjection its projection (the width of each direction)
 * @param elmoMaxWords   training sentences are cut to this many words
 * @param elmoBatch      sentences per step
 * @param elmoSteps      its training steps
 * @param words          words of the held-out Brown sample the small models read
 * @param miTypes        MI: how many of the most frequent words
 * @param miOccurrences  MI: occurrences of each
 * @param miClusters     MI: k-means clusters per layer
 * @param passes         corrupted copies of the sample a masked LM reads for the output experiment
 * @param probeEpochs    epochs of each linear probe
 * @param probeSeeds     seeds of each probe and mix
 * @param ckaRows        words the CKA matrices are computed on
 * @param bertWords      words of the sample BERT-base reads (it is about 100 times as costly as a twin)
 * @param bertTypes      BERT-base's MI: most frequent words
 * @param bertOccurrences occurrences of each (input experiment)
 * @param bertOutputOccurrences occurrences of each in the output experiment (fewer words are corrupted)
 * @param bertClusters   clusters per layer (input experiment)
 * @param bertOutputClusters clusters per layer (output experiment: about as many occurrences per cluster)
 * @param bertPasses     corrupted copies BERT-base reads
 * @param finePerGenre   genre passages per genre MiniLM is fine-tuned on (for CKA before and after)
 * @param fineEpochs     epochs of that fine-tuning
 */
public record LayerEvolutionSettings(int vocab, int layers, int width, int heads, int context, int batch, int steps,
                                     double learningRate, int seeds, int evalWindows, int elmoVocab, int elmoLstm,
                                     int elmoProjection, int elmoMaxWords, int elmoBatch, int elmoSteps, int words,
                                     int miTypes, int miOccurrences, int miClusters, int passes, int probeEpochs,
                                     int probeSeeds, int ckaRows, int bertWords, int bertTypes, int bertOccurrences,
                                     int bertOutputOccurrences, int bertClusters, int bertOutputClusters, int bertPasses, int finePerGenre,
                                     int fineEpochs) {

    static final LayerEvolutionSettings SMOKE = Settings.of(LayerEvolutionSettings.class, "vocab", 300, "layers", 2,
            "width", 16, "heads", 2, "context", 32, "batch", 8, "steps", 6, "learningRate", 2e-3, "seeds", 2,
            "evalWindows", 8, "elmoVocab", 300, "elmoLstm", 16, "elmoProjection", 8, "elmoMaxWords", 15, "elmoBatch", 8,
            "elmoSteps", 4, "words", 600, "miTypes", 4, "miOccurrences", 8, "miClusters", 8, "passes", 8,
            "probeEpochs", 1, "probeSeeds", 1, "ckaRows", 200, "bertWords", 200, "bertTypes", 3, "bertOccurrences", 5,
            "bertOutputOccurrences", 2, "bertClusters", 5, "bertOutputClusters", 3, "bertPasses", 2, "finePerGenre", 4, "fineEpochs", 1);

    static final LayerEvolutionSettings QUICK = Settings.of(LayerEvolutionSettings.class, "vocab", 2048, "layers", 6,
            "width", 128, "heads", 4, "context", 64, "batch", 16, "steps", 300, "learningRate", 2e-3, "seeds", 2,
            "evalWindows", 200, "elmoVocab", 10000, "elmoLstm", 256, "elmoProjection", 128, "elmoMaxWords", 25,
            "elmoBatch", 32, "elmoSteps", 150, "words", 10000, "miTypes", 24, "miOccurrences", 36, "miClusters", 86,
            "passes", 8, "probeEpochs", 6, "probeSeeds", 2, "ckaRows", 1500, "bertWords", 3000, "bertTypes", 12,
            "bertOccurrences", 20, "bertOutputOccurrences", 10, "bertClusters", 48, "bertOutputClusters", 24, "bertPasses", 3,
            "finePerGenre", 60, "fineEpochs", 2);

    static final LayerEvolutionSettings FULL = Settings.of(LayerEvolutionSettings.class, "vocab", 8192, "layers", 6,
            "width", 256, "heads", 4, "context", 128, "batch", 32, "steps", 6000, "learningRate", 1e-3, "seeds", 2,
            "evalWindows", 1000, "elmoVocab", 20000, "elmoLstm", 1024, "elmoProjection", 256, "elmoMaxWords", 40,
            "elmoBatch", 64, "elmoSteps", 3000, "words", 50000, "miTypes", 50, "miOccurrences", 100, "miClusters", 250,
            "passes", 8, "probeEpochs", 8, "probeSeeds", 3, "ckaRows", 5000, "bertWords", 50000, "bertTypes", 50,
            "bertOccurrences", 100, "bertOutputOccurrences", 40, "bertClusters", 250, "bertOutputClusters", 100, "bertPasses", 4,
            "finePerGenre", 300, "fineEpochs", 3);

    public static LayerEvolutionSettings of(LabSize size) {
        return size.pick(SMOKE, QUICK, FULL);
    }

    /** The analyses' settings for the small models (the twins, the biLM). */
    LayerAnalysis.Settings analysis() {
        MutualInformation.Settings mi = mi(miTypes, miOccurrences, miClusters);
        return new LayerAnalysis.Settings(mi, mi, probes(), ckaRows, 32, passes);
    }

    /** The same for BERT-base, on its smaller sample. */
    LayerAnalysis.Settings bert() {
        return new LayerAnalysis.Settings(mi(bertTypes, bertOccurrences, bertClusters),
                mi(bertTypes, bertOutputOccurrences, bertOutputClusters), probes(), ckaRows, 16, bertPasses);
    }

    LayerProbes.Settings probes() {
        return new LayerProbes.Settings(new LinearProbe.Settings(probeEpochs, 64, 1e-2, 1e-4), probeSeeds, probeEpochs);
    }

    /** {@code types} values × {@code occurrences}, {@code k} clusters by mini-batch k-means (batches of 1,024, 200 steps). */
    static MutualInformation.Settings mi(int types, int occurrences, int k) {
        return new MutualInformation.Settings(types, occurrences, KMeans.Settings.of(k).withSteps(200));
    }
}
