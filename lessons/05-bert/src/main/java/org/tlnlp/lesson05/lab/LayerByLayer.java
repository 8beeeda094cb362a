package org.tlnlp.lesson05.lab;

import ai.djl.ndarray.NDManager;
import org.tlnlp.analysis.layers.BertLayers;
import org.tlnlp.analysis.layers.BrownSample;
import org.tlnlp.analysis.layers.CurveShapes.Shape;
import org.tlnlp.analysis.layers.LayerAnalysis;
import org.tlnlp.analysis.layers.LayerAnalysis.Objective;
import org.tlnlp.analysis.layers.LayerReport;
import org.tlnlp.analysis.layers.LayerSizes;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.lab.LabReport;
import org.tlnlp.models.Pretrained;
import org.tlnlp.models.bert.MiniLM;

import java.util.List;
import java.util.Locale;

/**
 * Part 5 of lab 05: BERT-base uncased and MiniLM read layer by layer over the same held-out Brown words (the
 * library's {@code org.tlnlp.analysis.layers}): mutual information with the input word per layer (and, for BERT-base,
 * with the masked word), linear probes per layer for part of speech and genre with a scalar mix, and linear CKA between
 * every pair of layers.
 */
final class LayerByLayer {

    private LayerByLayer() {
    }

    static void append(LabReport report, LayerSizes sizes, Rng rng) throws Exception {
        report.heading("5. Layer by layer: what BERT-base's and MiniLM's layers hold");
        report.provenance("layer analyses", sizes.toString());
        BrownSample sample = sizes.sample();
        LayerReport out = new LayerReport(report);
        LayerAnalysis.Result base;
        LayerAnalysis.Result mini;
        try (NDManager m = Engines.newManager()) {
            Pretrained.BertMaskedLmModel b = Pretrained.bertBaseUncased(m);
            base = LayerAnalysis.run(new BertLayers("BERT-base", b.encoder(), b.tokenizer(), 128), Objective.MASKED_WORD,
                    sample, sizes.analysis(), rng.split("bert-base"));
        }
        try (NDManager m = Engines.newManager()) {
            // MiniLM was distilled and then trained as a sentence encoder: no masked-word objective to measure.
            mini = LayerAnalysis.run(new BertLayers("MiniLM", MiniLM.load(m), MiniLM.tokenizer(), 128), Objective.NONE,
                    sample, sizes.analysis(), rng.split("minilm"));
        }
        report.text(String.format(Locale.ROOT, "Both models read the same %,d held-out words (%d sentences of Brown's "
                        + "validation and test documents; a word is its first word piece's vector). Reading and measuring "
                        + "took %.0f s for BERT-base (12 layers, width 768) and %.0f s for MiniLM (6 layers, width 384). "
                        + "Mutual information as Voita et al. (2019) estimate it: k-means clusters of a layer's vectors "
                        + "of the most frequent words (the same number of each), then I(cluster; word); the chance "
                        + "column is the same with the words shuffled.", sample.words(), sample.sentences().size(),
                base.seconds(), mini.seconds()));
        out.inputExperiment("layers-mi-input", "MI with the input word, per layer", List.of(base, mini));
        out.check("BERT-base, MI with the input word", base.input().curves().get(0).nats(), Shape.FALLS_THEN_RECOVERS);
        report.text("BERT-base was trained with the masked-LM objective, so it is measured as Voita et al. measure an "
                + "MLM: at BERT-corrupted words, what the layer says about the input (mostly [MASK]) and about the "
                + "original word.");
        out.outputExperiment("layers-mi-output", "BERT-base: MI with the input and with the masked word", List.of(base));
        out.check("BERT-base, MI with the masked word", base.output().curves().get(1).nats(), Shape.RISES);
        report.text("The paper's shapes, checked (rules written before the run, `CurveShapes`; tolerance "
                + LayerReport.TOLERANCE + " nats):\n\n" + out.verdictList());
        report.text("Linear probes per layer (part of speech per word, 12 universal tags; genre per 3-sentence "
                + "passage from the mean of its words), trained on four passages in five and tested on the fifth, and a "
                + "scalar mix over all layers per task with its expected layer (Tenney et al. 2019).");
        out.probes("layers-probes", List.of(base, mini));
        out.ckaHeatMap("layers-cka-bert-base", base);
        out.ckaHeatMap("layers-cka-minilm", mini);
        report.text("Linear CKA (Kornblith et al. 2019) between every pair of layers, on " + sizes.ckaRows()
                + " words: neighbouring layers are alike, and the distance from the embeddings grows with depth.");
    }
}
