package org.tlnlp.lesson07.lab;

import org.tlnlp.analysis.layers.CurveShapes;
import org.tlnlp.analysis.layers.LayerAnalysis;
import org.tlnlp.analysis.layers.LayerFigures;
import org.tlnlp.analysis.layers.LayerMutualInformation;
import org.tlnlp.analysis.layers.LayerProbes;
import org.tlnlp.lab.LabReport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The sections of the layer-evolution part: the curves, their tables, and the paper's shapes checked curve by curve. */
final class EvolutionReport {

    /** A step smaller than this (nats) is no change: a few times the spread of the estimate between clusterings. */
    static final double TOLERANCE = 0.02;

    private final LabReport report;
    private final List<CurveShapes.Verdict> verdicts = new ArrayList<>();

    EvolutionReport(LabReport report) {
        this.report = report;
    }

    List<CurveShapes.Verdict> verdicts() {
        return verdicts;
    }

    /** Checks one curve against the paper's shape and keeps the sentence. */
    CurveShapes.Verdict check(String name, double[] curve, CurveShapes.Shape expected) {
        CurveShapes.Verdict v = CurveShapes.check(name, curve, expected, TOLERANCE);
        verdicts.add(v);
        return v;
    }

    /** The input experiment of several models: one figure, one table per model. */
    void inputExperiment(String figure, String title, List<LayerAnalysis.Result> results) throws Exception {
        Map<String, double[]> curves = new LinkedHashMap<>();
        for (LayerAnalysis.Result r : results) {
            curves.put(r.model(), r.input().curve(LayerAnalysis.Result.INPUT).nats());
        }
        report.figure(figure, LayerFigures.curves(title, "I(layer; input word), nats", curves));
        for (LayerAnalysis.Result r : results) {
            report.table(LayerFigures.mutualInformation(r.model() + ": MI with the input word", r.input()));
        }
    }

    /** The input-and-output experiment: each model's two curves on one figure. */
    void outputExperiment(String figure, String title, List<LayerAnalysis.Result> results) throws Exception {
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

    /** Probes and mixes of several models, one figure per task. */
    void probes(String figure, List<LayerAnalysis.Result> results) throws Exception {
        Map<String, double[]> pos = new LinkedHashMap<>();
        Map<String, double[]> genre = new LinkedHashMap<>();
        List<LayerProbes.Scores> mixes = new ArrayList<>();
        for (LayerAnalysis.Result r : results) {
            pos.put(r.model() + ": part of speech", r.pos().means());
            genre.put(r.model() + ": genre", r.genre().means());
            report.table(LayerFigures.probes(r.model() + ": linear probes per layer (test accuracy, mean over seeds)",
                    List.of(r.pos(), r.genre())));
            mixes.add(renamed(r.pos(), r.model() + ", part of speech"));
            mixes.add(renamed(r.genre(), r.model() + ", genre"));
        }
        Map<String, double[]> both = new LinkedHashMap<>(pos);
        both.putAll(genre);
        report.figure(figure, LayerFigures.curves("Linear probes per layer", "probe accuracy (test)", both));
        // The models differ in depth, so each model's mix gets its own table.
        for (LayerProbes.Scores m : mixes) {
            report.table(LayerFigures.mixes("Scalar mix of " + m.task() + ": weights s, γ and expected layer E_s[ℓ]",
                    List.of(m)));
        }
    }

    static LayerProbes.Scores renamed(LayerProbes.Scores s, String task) {
        return new LayerProbes.Scores(task, s.layers(), s.perLayer(), s.mix(), s.mixWeights(), s.gamma(),
                s.expectedLayer(), s.trainItems(), s.testItems());
    }

    static String outputLabel(LayerAnalysis.Objective o) {
        return switch (o) {
            case NEXT_WORD -> "the next word; all words of the clean text";
            case BIDIRECTIONAL_LM -> "the next word, from the forward direction's half of each layer";
            case MASKED_WORD -> "the original word; only corrupted words: the input is the mask or another word";
            case NONE -> "none";
        };
    }

    /** The verdicts so far as a list. */
    String verdictList() {
        return String.join("\n", verdicts.stream().map(v -> "- " + v.sentence()).toList());
    }
}
