package org.tlnlp.lesson03.lab;

import ai.djl.ndarray.NDManager;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.lab.LabReport;
import org.tlnlp.lab.LabSize;
import org.tlnlp.text.BertTokenizer;
import tech.tablesaw.api.Table;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Lab 03: optimisation for fine-tuning, and catastrophic forgetting measured. (1) A small BERT pre-trained on Brown
 * with its masked-LM head. (2) Eight ways to fine-tune it on sentiment, each scored on the target and on its own
 * pre-training objective (held-out Brown), with learning curves and which layers moved. (3) Sequential forgetting:
 * task A, then task B, A scored again, with and without L2-SP and EWC. (4) The same question for a small GPT-2 and
 * its language-model perplexity.
 *
 * <p>Run it with {@code ./course run 03-optimization [--smoke|--quick|--full]}.
 */
public final class OptimizationLab {

    /** The seed of the lab's random draws; each part splits its own stream from it. */
    public static final long SEED = 3_2018L;

    public static Path run(LabSize size, Path root) throws Exception {
        OptimizationSettings s = OptimizationSettings.of(size);
        LabReport report = LabReport.start(root, "03-optimization", "Lab 03: optimisation for fine-tuning, and "
                + "forgetting", size, SEED, s);
        Yours.check();
        Rng rng = new Rng(SEED);
        long cpu0 = cpuNanos();
        try (NDManager manager = Engines.newManager()) {
            report.heading(s.bertBase() ? "1. BERT-base uncased, with its masked-LM head"
                    : "1. A small BERT pre-trained on Brown, with its masked-LM head");
            SmallBert.Pretrained pre = SmallBert.load(manager, s, rng.split("pretrain"));
            BertTokenizer tokenizer = pre.tokenizer();
            report.text(s.bertBase() ? String.format(Locale.ROOT, "BERT-base uncased with its masked-LM head, loaded in "
                    + "%.0f s (`Pretrained.bertBaseUncased`); every scheme below starts from it, and its masked-LM head is "
                    + "never fine-tuned.", pre.seconds()) : String.format(Locale.ROOT, "A BERT with %d layers, hidden %d, "
                            + "%d heads and bert-base-uncased's "
                            + "WordPiece vocabulary cut to its %,d pieces most frequent in Brown's training documents, "
                            + "pre-trained with the masked-LM objective alone (no next-sentence head) for %d steps of %d "
                            + "sentence pairs in %.0f s (%d steps skipped). This model is what every scheme below starts "
                            + "from; its masked-LM head is never fine-tuned, so the masked-LM score after fine-tuning "
                            + "measures only what the encoder lost. At full size the same code takes BERT-base uncased with "
                            + "its masked-LM head instead (`Pretrained.bertBaseUncased`, a `BertPretraining` and its "
                            + "tokenizer, the same shape as this one).", s.layers(), s.hidden(), s.heads(),
                    tokenizer.vocabulary().size(), s.pretrainSteps(), s.pretrainBatch(), pre.seconds(), pre.skipped()));
            report.table(pre.curve());

            report.heading("2. Fine-tuning schemes: the target against forgetting");
            SchemeRuns.Result runs = SchemeRuns.run(manager, pre, s, rng.split("schemes"));
            report.text(Narrative.setUp(runs, s));
            report.table(Narrative.schemes());
            Table table = SchemeReport.table(runs);
            report.table(table);
            report.figure("target-vs-forgetting", SchemeReport.scatter(runs));
            report.text("Paired comparisons with full fine-tuning on the same test sentences:\n\n" + String.join("\n",
                    SchemeReport.comparisons(runs, rng.split("compare")).stream().map(x -> "- " + x).toList()));
            report.text(Narrative.forgetting(runs));
            report.figure("learning-curves-accuracy", SchemeReport.curves(runs, "validation_accuracy",
                    "Validation accuracy after each epoch (first seed)", "sentiment accuracy (validation)", null));
            report.figure("learning-curves-forgetting", SchemeReport.curves(runs, "mlm_loss",
                    "Held-out masked-LM loss after each epoch (first seed; epoch 0 = pre-trained)",
                    "masked-LM loss (nats per masked token)", runs.curveBefore()));
            Table distance = SchemeReport.perLayer(runs, "How far each depth moved: ‖w − w⁰‖ / ‖w⁰‖ (mean over seeds)",
                    false);
            report.table(distance);
            report.figure("layer-distance", SchemeReport.perLayerFigure(distance, "Relative distance from the pre-trained "
                    + "weights, per depth", "‖w − w⁰‖ / ‖w⁰‖"));
            Table cka = SchemeReport.perLayer(runs, "Linear CKA of each layer with the pre-trained model's, on "
                    + s.ckaSentences() + " held-out Brown sentences (first seed)", true);
            report.table(cka);
            report.figure("layer-cka", SchemeReport.perLayerFigure(cka, "Linear CKA to the pre-trained model, per layer",
                    "CKA (1 = unchanged up to rotation and scale)"));
            report.text(Narrative.layers(runs));

            report.heading("3. Sequential forgetting: task A, then task B");
            Sequential.Result seq = Sequential.run(manager, pre, s, rng.split("sequential"));
            report.text(Narrative.sequentialSetUp(s));
            report.table(Sequential.table(seq));
            report.text(Narrative.sequential(seq, rng.split("compare sequential")));

            report.heading("4. A small GPT-2: language-model fine-tuning on reviews, perplexity on Brown");
            Gpt2Forgetting.Result gpt = Gpt2Forgetting.run(manager, s, rng.split("gpt2"));
            report.text("The model: " + gpt.model() + String.format(Locale.ROOT, " (%.0f s). ", gpt.pretrainSeconds())
                    + Narrative.gpt2());
            report.table(gpt.table());
            report.heading("What the papers claim, and what appeared here");
            report.text(Narrative.claims(runs, seq, gpt, rng.split("claims")));
        }

        report.provenance("process CPU time", String.format(Locale.ROOT, "%.0f s (the wall time below was measured on a "
                + "machine shared with other jobs; on 2 otherwise idle cores the run needs at most about this CPU time "
                + "divided by the threads that were busy)", (cpuNanos() - cpu0) / 1e9));
        return report.write();
    }

    /** The CPU time this process has used, in nanoseconds (all threads, the engine's included). */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** {@code ./course run} starts here; the report's path is the last line printed. */
    public static void main(String[] args) throws Exception {
        System.out.println("Report: " + run(LabSize.current(args), LabReport.repositoryRoot()));
    }

    private OptimizationLab() {
    }
}
