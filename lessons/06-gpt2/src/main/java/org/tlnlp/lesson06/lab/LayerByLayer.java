package org.tlnlp.lesson06.lab;

import org.tlnlp.analysis.layers.CurveShapes.Shape;
import org.tlnlp.analysis.layers.Gpt2Layers;
import org.tlnlp.analysis.layers.LayerAnalysis;
import org.tlnlp.analysis.layers.LayerAnalysis.Objective;
import org.tlnlp.analysis.layers.LayerReport;
import org.tlnlp.analysis.layers.LayerSizes;
import org.tlnlp.engine.Rng;
import org.tlnlp.lab.LabReport;
import org.tlnlp.models.gpt2.Gpt2;
import org.tlnlp.text.ByteLevelBpe;

import java.util.List;
import java.util.Locale;

/**
 * Part 5 of lab 06: the pre-trained small GPT-2 read layer by layer over held-out Brown words (the library's
 * {@code org.tlnlp.analysis.layers}): the mutual information of each layer's vectors with the input word and with the
 * next word, the two curves Voita et al. (2019) follow for a left-to-right LM.
 */
final class LayerByLayer {

    private LayerByLayer() {
    }

    /** Measures the model (while it is loaded). */
    static LayerAnalysis.Result measure(Gpt2 model, ByteLevelBpe bpe, LayerSizes sizes, Rng rng) {
        return LayerAnalysis.mutualInformation(Gpt2Layers.causal("small Brown GPT-2", model, bpe), Objective.NEXT_WORD,
                sizes.sample(), sizes.analysis(), rng);
    }

    static void append(LabReport report, LayerAnalysis.Result r, LayerSizes sizes) throws Exception {
        report.heading("5. Layer by layer: from the input word to the next word");
        report.provenance("layer analyses", sizes.toString());
        report.text(String.format(Locale.ROOT, "The small GPT-2 of part 2 reads %,d held-out words of Brown's validation "
                + "and test documents (a word is its last BPE token's vector: the one that predicts what follows). For each "
                + "layer, mutual information as Voita et al. (2019) estimate it: k-means clusters of the layer's vectors of "
                + "a balanced set of occurrences, then I(cluster; label). Measured together on the same clusters, "
                + "balanced on the next word: the MI with the input word and with the next word. The paper, for an LM: "
                + "the first falls as the layers \"forget\" the input, the second rises. (%.0f s.)", sizes.words(),
                r.seconds()));
        LayerReport out = new LayerReport(report);
        out.outputExperiment("layers-mi", "Small GPT-2: MI with the input word and with the next word", List.of(r));
        out.inputExperiment("layers-mi-input", "Small GPT-2: MI with the input word (balanced on it)", List.of(r));
        out.check("small GPT-2, MI with the next word", r.output().curves().get(1).nats(), Shape.RISES);
        out.check("small GPT-2, MI with the input word (balanced on the next word)", r.output().curves().get(0).nats(),
                Shape.FALLS);
        out.check("small GPT-2, MI with the input word (balanced on it)", r.input().curves().get(0).nats(),
                Shape.FALLS_STEADILY);
        report.text("The paper's shapes, checked (rules written before the run, `CurveShapes`; tolerance "
                + LayerReport.TOLERANCE + " nats); the chance columns show what the estimator gives labels that carry "
                + "nothing:\n\n" + out.verdictList());
    }
}
