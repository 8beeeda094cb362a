package org.tlnlp.analysis.layers;

import org.tlnlp.lab.LabReport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The layer-evolution sections of a lab report, written the same way in every lab that meets a model: the MI curves
 * and their tables, probe curves beside the learned mix weights, a layer × layer CKA heat map, and the paper's shapes
 * checked curve by curve ({@link CurveShapes}), each verdict kept for a closing list.
 */
public final class LayerReport {

    /** A step smaller than this (nats) is no change: a few times the spread of the estimate between clusterings. */
    public static final double TOLERANCE = 0.02;

    private final LabReport report;
    private final List<CurveShapes.Verdict> verdicts = new ArrayList<>();

    public LayerReport(LabReport report) {
        this.report = report;
    }

    /** The verdicts so far. */
    public List<CurveShapes.Verdict> verdicts() {
        return verdicts;
    }

    /** Checks one curve against the paper's shape and keeps the sentence. */
    public CurveShapes.Verdict check(String name, double[] curve, CurveShapes.Shape expected) {
        CurveShapes.Verdict v = CurveShapes.check(name, curve, expected, TOLERANCE);
        verdicts.add(v);
        return v;
    }

    /** The verdicts so far as a markdown list. */
    public String verdictList() {
        return String.join("\n", verdicts.stream().map(v -> "- " + v.sentence()).toList());
    }

    /** The input experiment of several models: one figure, one table per model. */
    public void inputExperiment(String figure, String title, List<LayerAnalysis.Result> results) throws Exception {
        Map<String, double[]> curves = new LinkedHashMap<>();
        for (LayerAnalysis.Result r : results) {
            curves.put(r.model(), r.input().curve(LayerAnalysis.Result.INPUT).nats());
        }
        report.figure(figure, LayerFigures.curves(title, "I(layer; input word), nats", curves));
        for (LayerAnalysis.Result r : results) {
            report.table(LayerFigures.mutualInformation(r.model() + ": MI with the input word", r.input()));
        }
    }

    /** The input-and-output experiment: each model's two curves on one figure, one table per model. */
    public void outputExperiment(String figure, String title, List<LayerAnalysis.Result> results) throws Exception {
        Map<String, double[]> curves = new LinkedHashMap<>();
        for (LayerAnalysis.Result r : results) {
            LayerMutualInformation.Result o = r.output();
            curves.put(r.model() + ": input", o.curve(LayerAnalysis.Result.INPUT).nats());
            curves.put(r.model() + ": output label", o.curve(LayerAnalysis.Result.OUTPUT).nats());
        }
        report.figure(figure, LayerFigures.curves(title, "mutual information, nats", curves));
        for (LayerAnalysis.Result r : results) {
            report.table(LayerFigures.mutualInformation(r.model() + ": MI with the input and with the output label ("
                    + outputLabel(r.objective()) + ")", r.output()));
        }
    }

    /** Probes and mixes of several models: one figure of probe accuracy per layer, a table per model and per mix. */
    public void probes(String figure, List<LayerAnalysis.Result> results) throws Exception {
        Map<String, double[]> curves = new LinkedHashMap<>();
        List<LayerProbes.Scores> mixes = new ArrayList<>();
        for (LayerAnalysis.Result r : results) {
            curves.put(r.model() + ": part of speech", r.pos().means());
            curves.put(r.model() + ": genre", r.genre().means());
            report.table(LayerFigures.probes(r.model() + ": linear probes per layer (test accuracy, mean over seeds)",
                    List.of(r.pos(), r.genre())));
            mixes.add(renamed(r.pos(), r.model() + ", part of speech"));
            mixes.add(renamed(r.genre(), r.model() + ", genre"));
        }
        report.figure(figure, LayerFigures.curves("Linear probes per layer", "probe accuracy (test)", curves));
        // The models differ in depth, so each model's mix gets its own table.
        for (LayerProbes.Scores m : mixes) {
            report.table(LayerFigures.mixes("Scalar mix of " + m.task() + ": weights s, γ and expected layer E_s[ℓ]",
                    List.of(m)));
        }
    }

    /**
     * One model's probes beside its learned mix weights: probe accuracy per layer and the mix's weight on each layer,
     * one line per task, on one figure (both in [0, 1]).
     */
    public void probesBesideMix(String figure, LayerAnalysis.Result r) throws Exception {
        Map<String, double[]> curves = new LinkedHashMap<>();
        for (LayerProbes.Scores t : List.of(r.pos(), r.genre())) {
            curves.put(t.task() + ": probe accuracy", t.means());
            curves.put(t.task() + ": mix weight s", t.mixWeights());
        }
        report.figure(figure, LayerFigures.curves(r.model() + ": probe accuracy per layer and the scalar mix's weights",
                "accuracy / weight", curves));
        report.table(LayerFigures.probes(r.model() + ": linear probes per layer (test accuracy, mean over seeds)",
                List.of(r.pos(), r.genre())));
        report.table(LayerFigures.mixes(r.model() + ": the scalar mixes' weights s, γ and expected layer E_s[ℓ]",
                List.of(r.pos(), r.genre())));
    }

    /** A model's layer × layer linear CKA as a heat map. */
    public void ckaHeatMap(String figure, LayerAnalysis.Result r) throws Exception {
        report.figure(figure, LayerFigures.cka(r.model() + ": linear CKA between layers", r.layers(), r.layers(), r.cka()));
    }

    static LayerProbes.Scores renamed(LayerProbes.Scores s, String task) {
        return new LayerProbes.Scores(task, s.layers(), s.perLayer(), s.mix(), s.mixWeights(), s.gamma(),
                s.expectedLayer(), s.trainItems(), s.testItems());
    }

    /** What the output label is for each objective, as a table title says it. */
    public static String outputLabel(LayerAnalysis.Objective o) {
        return switch (o) {
            case NEXT_WORD -> "the next word; all words of the clean text";
            case BIDIRECTIONAL_LM -> "the next word, from the forward direction's half of each layer";
            case MASKED_WORD -> "the original word; only corrupted words: the input is the mask or another word";
            case NONE -> "none";
        };
    }
}
