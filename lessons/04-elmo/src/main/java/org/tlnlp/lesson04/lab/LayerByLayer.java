package org.tlnlp.lesson04.lab;

import org.tlnlp.analysis.layers.ElmoLayers;
import org.tlnlp.analysis.layers.LayerAnalysis;
import org.tlnlp.analysis.layers.LayerAnalysis.Objective;
import org.tlnlp.analysis.layers.LayerReport;
import org.tlnlp.analysis.layers.LayerSizes;
import org.tlnlp.engine.Rng;
import org.tlnlp.lab.LabReport;
import org.tlnlp.models.elmo.Elmo;

import java.util.List;
import java.util.Locale;

/**
 * Part 4 of lab 04: the pre-trained small ELMo read layer by layer over held-out Brown words (the library's
 * {@code org.tlnlp.analysis.layers}): a linear probe per layer per task beside the weights a scalar mix learns for the
 * same task, and the mutual information of each layer with the input word and with the next word.
 */
final class LayerByLayer {

    private LayerByLayer() {
    }

    static void append(LabReport report, Elmo elmo, LayerSizes sizes, Rng rng) throws Exception {
        report.heading("4. Layer by layer: what each layer knows, and what the mix reads");
        report.provenance("layer analyses", sizes.toString());
        LayerAnalysis.Result r = LayerAnalysis.run(new ElmoLayers("small Brown ELMo", elmo), Objective.BIDIRECTIONAL_LM,
                sizes.sample(), sizes.analysis(), rng);
        LayerReport out = new LayerReport(report);
        report.text(String.format(Locale.ROOT, "The ELMo of part 1 reads %,d held-out words of Brown's validation and "
                + "test documents. For each layer a linear probe (part of speech per word, 12 universal tags; genre per "
                + "3-sentence passage from the mean of its words), trained on four passages in five and tested on the "
                + "fifth, and for each task a scalar mix over the three layers trained the same way: does the mix weigh "
                + "most the layer whose probe scores best? (Peters et al. 2018 found part of speech best in the first "
                + "biLSTM layer; Tenney et al. 2019 summarise a mix by its expected layer E_s[ℓ].) %.0f s.",
                sizes.words(), r.seconds()));
        out.probesBesideMix("layers-probes-and-mix", r);
        report.text("Best probe layer: part of speech " + r.pos().layers().get(r.pos().bestLayer()) + ", genre "
                + r.genre().layers().get(r.genre().bestLayer()) + String.format(Locale.ROOT, "; the mixes' expected "
                + "layers: %.2f (part of speech) and %.2f (genre), on a scale of 0 to 2.", r.pos().expectedLayer(),
                r.genre().expectedLayer()));
        report.text("Mutual information per layer (Voita et al. 2019's estimator: k-means clusters of a layer's vectors, "
                + "then I(cluster; label)) with the input word, and, from the forward direction's half of each layer, "
                + "with the input word and the next word together:");
        out.inputExperiment("layers-mi-input", "ELMo: MI with the input word, per layer", List.of(r));
        out.outputExperiment("layers-mi-output", "ELMo (forward half): MI with the input and the next word", List.of(r));
        out.ckaHeatMap("layers-cka", r);
    }
}
