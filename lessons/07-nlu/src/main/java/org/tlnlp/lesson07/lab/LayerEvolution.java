package org.tlnlp.lesson07.lab;

import ai.djl.ndarray.NDManager;
import org.tlnlp.analysis.layers.BertLayers;
import org.tlnlp.analysis.layers.BrownSample;
import org.tlnlp.analysis.layers.CurveShapes.Shape;
import org.tlnlp.analysis.layers.ElmoLayers;
import org.tlnlp.analysis.layers.Gpt2Layers;
import org.tlnlp.analysis.layers.LayerAnalysis;
import org.tlnlp.analysis.layers.LayerAnalysis.Objective;
import org.tlnlp.analysis.layers.LayerFigures;
import org.tlnlp.analysis.layers.LayerReport;
import org.tlnlp.analysis.layers.LayerSimilarity;
import org.tlnlp.analysis.layers.LayerStates;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.lab.LabReport;
import org.tlnlp.lab.LabSize;
import org.tlnlp.models.Pretrained;
import org.tlnlp.models.bert.BertBaseUncased;
import org.tlnlp.plot.Tables;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lab 07, layer evolution: Voita, Sennrich and Titov (2019, "The Bottom-up Evolution of Representations in the
 * Transformer") reproduced on Brown. A left-to-right LM and a masked LM that differ only in their objective
 * ({@link TwinModels}), ELMo's biLM ({@link SmallElmo}) and the real BERT-base uncased, each measured layer by layer
 * (mutual information with the input word and with the output label, probes, a scalar mix, CKA), and the paper's
 * shapes checked curve by curve. {@link #appendTo} writes its sections into lab 07's report; {@link #main} runs it
 * alone.
 */
public final class LayerEvolution {

    public static final long SEED = 7_2019L;

    static final String PAPER = "Voita, Sennrich and Titov (2019) fixed \"model hyperparameters, training data, and "
            + "parameter initialization\" and changed only the training objective, then followed each token's "
            + "representation up the layers with the mutual information (MI) between it and (1) the input token, "
            + "(2) the output label (the next token for a language model, the original token for a masked one). The "
            + "shapes they report, and this part checks: **the LM's MI with the input token falls steadily with depth** "
            + "(\"LMs gradually forget past when forming predictions about future\"); **the MLM's falls, then recovers "
            + "in the top layers** (\"context encoding\", then \"token reconstruction\"); and, measured together, **MI "
            + "with the input falls while MI with the output label rises**, for both. Their estimator, and ours: "
            + "discretise a layer's vectors of a balanced set of occurrences (the most frequent words, the same number "
            + "of each) with mini-batch k-means and count the plug-in I(cluster; label). Ours differs in scale: Brown's "
            + "million words and a few hundred training steps instead of their large corpora, a few thousand "
            + "occurrences instead of about a million, words instead of sub-word tokens (the frequent words analysed "
            + "are single tokens anyway). Each table gives the chance level (the same MI with the labels shuffled) and "
            + "the ceiling H(label). The verdicts below follow rules written before any run (`CurveShapes`); nothing "
            + "was re-run or tuned until a shape appeared.";

    private LayerEvolution() {
    }

    /** Runs the replication and appends its sections, figures and tables to {@code report}. */
    public static void appendTo(LabReport report, LayerEvolutionSettings s, Rng rng) throws Exception {
        LayerReport out = new LayerReport(report);
        report.heading("Layer evolution: Voita, Sennrich and Titov (2019) on Brown");
        report.text(PAPER);
        BrownSample sample = BrownSample.heldOut(s.words(), 40);
        try (NDManager m = Engines.newManager()) {
            TwinModels.Data data = TwinModels.Data.of(s);
            List<TwinModels.Trained> lm = new ArrayList<>();
            List<TwinModels.Trained> mlm = new ArrayList<>();
            for (int seed = 0; seed < s.seeds(); seed++) {
                lm.add(TwinModels.languageModel(m, data, s, SEED + seed));
                mlm.add(TwinModels.maskedModel(m, data, s, SEED + seed));
            }
            SmallElmo.Trained elmo = SmallElmo.train(m, s, rng.split("elmo"));
            report.heading("Layer evolution 1: the models");
            report.text(String.format(Locale.ROOT, "The twins: %d blocks, width %d, %d heads, context %d, a BPE of %d "
                            + "symbols learned from Brown's training documents, %d steps of %d windows each, seeds %s "
                            + "(the seed sets the initial weights; both twins of a seed start from the same ones and read the "
                            + "same windows). ELMo's biLM: LSTM %d, projection %d, %d steps of %d sentences. The held-out "
                            + "sample: %,d words in %d sentences of the validation and test documents of %d genres.",
                    s.layers(), s.width(), s.heads(), s.context(), data.bpe().size(), s.steps(), s.batch(),
                    java.util.stream.IntStream.range(0, s.seeds()).mapToObj(i -> Long.toString(SEED + i)).toList(),
                    s.elmoLstm(), s.elmoProjection(), s.elmoSteps(), s.elmoBatch(), sample.words(),
                    sample.sentences().size(), 5));
            report.table(training(lm, mlm, elmo));

            Rng r = rng.split("analyses");
            LayerAnalysis.Result lmA = LayerAnalysis.run(Gpt2Layers.causal("LM", lm.get(0).model(), data.bpe()),
                    Objective.NEXT_WORD, sample, s.analysis(), r.split("lm"));
            LayerAnalysis.Result mlmA = LayerAnalysis.run(Gpt2Layers.masked("MLM", mlm.get(0).model(), data.bpe(),
                    data.masked()), Objective.MASKED_WORD, sample, s.analysis(), r.split("mlm"));
            LayerAnalysis.Result elmoA = LayerAnalysis.run(new ElmoLayers("biLM (ELMo)", elmo.elmo()),
                    Objective.BIDIRECTIONAL_LM, sample, s.analysis(), r.split("elmo"));
            List<LayerAnalysis.Result> seeds = new ArrayList<>();
            for (int seed = 1; seed < s.seeds(); seed++) {
                seeds.add(LayerAnalysis.mutualInformation(Gpt2Layers.causal("LM, seed " + (SEED + seed),
                        lm.get(seed).model(), data.bpe()), Objective.NEXT_WORD, sample, s.analysis(), r.split("lm" + seed)));
                seeds.add(LayerAnalysis.mutualInformation(Gpt2Layers.masked("MLM, seed " + (SEED + seed),
                        mlm.get(seed).model(), data.bpe(), data.masked()), Objective.MASKED_WORD, sample, s.analysis(),
                        r.split("mlm" + seed)));
            }

            report.heading("Layer evolution 2: MI with the input word");
            List<LayerAnalysis.Result> input = new ArrayList<>(List.of(lmA, mlmA, elmoA));
            input.addAll(seeds);
            out.inputExperiment("layers-mi-input", "MI with the input word, per layer", input);
            out.check("LM, MI with the input word", lmA.input().curves().get(0).nats(), Shape.FALLS_STEADILY);
            out.check("MLM, MI with the input word", mlmA.input().curves().get(0).nats(), Shape.FALLS_THEN_RECOVERS);
            for (LayerAnalysis.Result x : seeds) {
                out.check(x.model() + ", MI with the input word", x.input().curves().get(0).nats(),
                        x.objective() == Objective.NEXT_WORD ? Shape.FALLS_STEADILY : Shape.FALLS_THEN_RECOVERS);
            }
            report.text("The biLM has no counterpart in the paper: its curve is shown, not judged.");

            report.heading("Layer evolution 3: MI with the input and with the output label");
            out.outputExperiment("layers-mi-output", "MI with the input and with the output label", List.of(lmA, mlmA, elmoA));
            for (LayerAnalysis.Result x : List.of(lmA, mlmA)) {
                out.check(x.model() + ", MI with the output label", x.output().curves().get(1).nats(), Shape.RISES);
                out.check(x.model() + ", MI with the input (output experiment)", x.output().curves().get(0).nats(), Shape.FALLS);
            }

            report.heading("Layer evolution 4: the same measures on BERT-base uncased");
            BrownSample small = BrownSample.heldOut(s.bertWords(), 40);
            Pretrained.BertMaskedLmModel base = Pretrained.bertBaseUncased(m);
            LayerAnalysis.Result bertA = LayerAnalysis.mutualInformation(new BertLayers("BERT-base", base.encoder(),
                    base.tokenizer(), 128), Objective.MASKED_WORD, small, s.bert(), r.split("bert"));
            report.text(String.format(Locale.ROOT, "BERT-base uncased (%s) reads the first %,d words of the same sample "
                    + "(it costs about a hundred times as much as a twin); corrupted copies: %d. Reading: %.0f s.",
                    BertBaseUncased.ARTIFACT, small.words(), s.bertPasses(), bertA.readSeconds()));
            out.inputExperiment("layers-bert-base-mi-input", "BERT-base: MI with the input word", List.of(bertA));
            out.outputExperiment("layers-bert-base-mi-output", "BERT-base: MI with the input and the output label", List.of(bertA));
            out.check("BERT-base, MI with the input word", bertA.input().curves().get(0).nats(), Shape.FALLS_THEN_RECOVERS);
            out.check("BERT-base, MI with the output label", bertA.output().curves().get(1).nats(), Shape.RISES);
            out.check("BERT-base, MI with the input (output experiment)", bertA.output().curves().get(0).nats(), Shape.FALLS);

            report.heading("Layer evolution 5: the paper's shapes, curve by curve");
            report.text(out.verdictList());
            report.text("A verdict is about this run's curves at this size, one k-means clustering per layer; the chance "
                    + "columns show how much of a value the estimator gives to labels that carry no information, and a "
                    + "difference between layers smaller than the gap between two seeds' curves is not a finding. The "
                    + "paper's models were trained for days on tens of millions of sentences; at `--full` the twins train "
                    + "for 6,000 steps at width 256 and BERT-base reads 50,000 words, which on two cores takes hours, "
                    + "not minutes.");

            report.heading("Layer evolution 6: what each layer knows (probes) and where tasks read (scalar mix)");
            report.text("A linear probe per layer for part of speech (12 universal tags, per word) and genre (5 genres, "
                    + "per passage of 3 sentences, from the mean of its words), trained on four passages in five of the "
                    + "sample and tested on the fifth; and a scalar mix over all layers per task (Tenney et al. 2019's "
                    + "expected layer is the mix's centre of gravity). `_95ci` is the Wilson interval over the `_n` test "
                    + "items (words of one sentence are not independent, so the words' interval is too narrow).");
            out.probes("layers-probes", List.of(lmA, mlmA, elmoA));

            report.heading("Layer evolution 7: how alike the layers are (CKA, PWCCA)");
            similarity(report, out, sample, data, lm, mlm, lmA, mlmA, s, r);
        }
    }

    private static tech.tablesaw.api.Table training(List<TwinModels.Trained> lm, List<TwinModels.Trained> mlm,
                                                    SmallElmo.Trained elmo) {
        List<String> rows = new ArrayList<>();
        List<double[]> v = new ArrayList<>();
        for (int i = 0; i < lm.size(); i++) {
            rows.add("LM, seed " + (SEED + i) + " (held-out next-token loss)");
            v.add(new double[] {lm.get(i).heldOutLoss(), Math.exp(lm.get(i).heldOutLoss()), Double.NaN, lm.get(i).seconds()});
            rows.add("MLM, seed " + (SEED + i) + " (held-out masked-token loss)");
            v.add(new double[] {mlm.get(i).heldOutLoss(), Math.exp(mlm.get(i).heldOutLoss()), mlm.get(i).heldOutAccuracy(),
                    mlm.get(i).seconds()});
        }
        rows.add("biLM (forward / backward perplexity)");
        v.add(new double[] {Math.log(elmo.forwardPerplexity()), elmo.forwardPerplexity(), elmo.backwardPerplexity(),
                elmo.seconds()});
        return Tables.grid("The models after training (nats per predicted token)", "model", rows,
                List.of("loss", "perplexity", "masked_accuracy_or_backward_perplexity", "training_seconds"),
                v.toArray(double[][]::new));
    }

    private static void similarity(LabReport report, LayerReport out, BrownSample sample, TwinModels.Data data,
                                   List<TwinModels.Trained> lm, List<TwinModels.Trained> mlm, LayerAnalysis.Result lmA,
                                   LayerAnalysis.Result mlmA, LayerEvolutionSettings s, Rng r) throws Exception {
        report.figure("layers-cka-lm", LayerFigures.cka("LM: linear CKA between layers", lmA.layers(), lmA.layers(), lmA.cka()));
        report.figure("layers-cka-mlm", LayerFigures.cka("MLM: linear CKA between layers", mlmA.layers(), mlmA.layers(), mlmA.cka()));
        long[] rows = LayerSimilarity.rows(sample.words(), s.ckaRows(), r.split("similarity rows"));
        Map<String, double[]> perLayer = new LinkedHashMap<>();
        Map<String, double[]> change = new LinkedHashMap<>();
        try (LayerStates a = Gpt2Layers.causal("LM", lm.get(0).model(), data.bpe()).extract(sample, 32);
             LayerStates b = Gpt2Layers.masked("MLM", mlm.get(0).model(), data.bpe(), data.masked()).extract(sample, 32)) {
            perLayer.put("LM vs MLM (same seed)", LayerSimilarity.matched(a, b, rows));
            change.put("LM", LayerSimilarity.consecutiveChange(a, rows));
            change.put("MLM", LayerSimilarity.consecutiveChange(b, rows));
            if (s.seeds() > 1) {
                try (LayerStates a2 = Gpt2Layers.causal("LM 2", lm.get(1).model(), data.bpe()).extract(sample, 32);
                     LayerStates b2 = Gpt2Layers.masked("MLM 2", mlm.get(1).model(), data.bpe(), data.masked()).extract(sample, 32)) {
                    perLayer.put("LM, two seeds", LayerSimilarity.matched(a, a2, rows));
                    perLayer.put("MLM, two seeds", LayerSimilarity.matched(b, b2, rows));
                }
            }
        }
        FineTunedSimilarity.Result fine = FineTunedSimilarity.run(BrownSample.heldOut(Math.min(s.words(), 3 * s.ckaRows()), 40),
                s, r.split("fine-tuning"));
        report.table(LayerFigures.perLayer("Linear CKA between two models, layer by layer (" + rows.length + " words)",
                lmA.layers(), perLayer));
        report.figure("layers-cka-pairs", LayerFigures.curves("Linear CKA between two models, per layer", "CKA", perLayer));
        report.text("The paper's sanity check (with PWCCA): two seeds of one objective are more alike than two objectives. "
                + "Compare the seed rows with \"LM vs MLM\" layer by layer.");
        report.table(LayerFigures.perLayer("MiniLM before and after fine-tuning on genre: linear CKA per layer", fine.layers(),
                Map.of("MiniLM vs MiniLM fine-tuned", fine.cka())));
        report.text(String.format(Locale.ROOT, "The fine-tuned MiniLM's genre accuracy: %s. Merchant et al. (2020) found "
                + "that fine-tuning changes mostly the top layers; here the lowest CKA is at layer %d.",
                fine.accuracy().summary(), argMin(fine.cka())));
        List<String> transitions = new ArrayList<>();
        for (int l = 1; l < lmA.layers().size(); l++) {
            transitions.add((l - 1) + "→" + l);
        }
        report.table(LayerFigures.perLayer("PWCCA distance between consecutive layers (the paper's \"amount of change\")",
                transitions, change));
        report.figure("layers-change", LayerFigures.curves("PWCCA distance from layer l to l + 1 (x: l)", "1 − PWCCA", change));
    }

    static int argMin(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            best = v[i] < v[best] ? i : best;
        }
        return best;
    }

    /** Runs the part: report {@code results/07-nlu-layers.md} (smoke: {@code results/smoke/}). */
    public static Path run(LabSize size, Path root) throws Exception {
        LayerEvolutionSettings s = LayerEvolutionSettings.of(size);
        LabReport report = LabReport.start(root, "07-nlu-layers", "Lab 07, part 2: the bottom-up evolution of "
                + "representations", size, SEED, s).command("./course run 07-nlu");
        appendTo(report, s, new Rng(SEED));
        report.provenance("process CPU time", NluLab.cpuTime());
        return report.write();
    }

    /** Runs the part alone ({@code TLNLP_PART=layers ./course run 07-nlu} does the same). */
    public static void main(String[] args) throws Exception {
        System.out.println("Report: " + run(LabSize.current(args), LabReport.repositoryRoot()));
    }
}
