package org.tlnlp.analysis.layers;

import org.tlnlp.analysis.KMeans;
import org.tlnlp.analysis.LinearProbe;
import org.tlnlp.analysis.MutualInformation;
import org.tlnlp.lab.LabSize;
import org.tlnlp.lab.Settings;

/**
 * The sizes of the layer section the model labs (04 ELMo, 05 BERT, 06 GPT-2) add to their reports, each field set by
 * name: small, because each lab's quick run must stay a few minutes on two cores. Lab 07's replication has its own.
 *
 * @param words       words of the held-out Brown sample ({@link BrownSample#heldOut}, sentences of at most 40 words)
 * @param types       MI: how many of the most frequent words (the input experiment) or output labels
 * @param occurrences MI: occurrences of each in the input experiment
 * @param outputOccurrences MI: occurrences of each in the output experiment
 * @param clusters    MI: k-means clusters per layer (input experiment; the output experiment uses half)
 * @param passes      corrupted copies of the sample a masked LM reads for the output experiment
 * @param probeEpochs epochs of each linear probe and of each scalar mix
 * @param probeSeeds  seeds of each probe and mix
 * @param ckaRows     words the CKA matrix is computed on
 * @param batch       sentences per forward pass
 */
public record LayerSizes(int words, int types, int occurrences, int outputOccurrences, int clusters, int passes,
                         int probeEpochs, int probeSeeds, int ckaRows, int batch) {

    public static final LayerSizes SMOKE = Settings.of(LayerSizes.class, "words", 300, "types", 3, "occurrences", 5,
            "outputOccurrences", 3, "clusters", 6, "passes", 2, "probeEpochs", 1, "probeSeeds", 1, "ckaRows", 150,
            "batch", 16);

    public static final LayerSizes QUICK = Settings.of(LayerSizes.class, "words", 3000, "types", 12, "occurrences", 20,
            "outputOccurrences", 10, "clusters", 48, "passes", 3, "probeEpochs", 6, "probeSeeds", 2, "ckaRows", 1000,
            "batch", 16);

    public static final LayerSizes FULL = Settings.of(LayerSizes.class, "words", 30000, "types", 50, "occurrences", 100,
            "outputOccurrences", 40, "clusters", 250, "passes", 4, "probeEpochs", 8, "probeSeeds", 3, "ckaRows", 5000,
            "batch", 16);

    public static LayerSizes of(LabSize size) {
        return size.pick(SMOKE, QUICK, FULL);
    }

    /** The held-out sample every model of a lab reads. */
    public BrownSample sample() {
        return BrownSample.heldOut(words, 40);
    }

    /** The analyses' settings: mini-batch k-means with batches of 1,024 for 200 steps. */
    public LayerAnalysis.Settings analysis() {
        MutualInformation.Settings in = new MutualInformation.Settings(types, occurrences,
                KMeans.Settings.of(clusters).withSteps(200));
        MutualInformation.Settings out = new MutualInformation.Settings(types, outputOccurrences,
                KMeans.Settings.of(Math.max(2, clusters / 2)).withSteps(200));
        LayerProbes.Settings probes = new LayerProbes.Settings(new LinearProbe.Settings(probeEpochs, 64, 1e-2, 1e-4),
                probeSeeds, probeEpochs);
        return new LayerAnalysis.Settings(in, out, probes, ckaRows, batch, passes);
    }
}
