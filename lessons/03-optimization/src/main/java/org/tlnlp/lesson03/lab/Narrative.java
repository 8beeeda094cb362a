package org.tlnlp.lesson03.lab;

import org.tlnlp.analysis.TestAccuracy;
import org.tlnlp.engine.Rng;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The report's prose: how each part was set up, and sentences read off the numbers (never written in advance: every
 * claim about what appeared is computed from the run's results, with the seeds' spread beside it).
 */
public final class Narrative {

    private Narrative() {
    }

    public static Table schemes() {
        return Table.create("The schemes", StringColumn.create("scheme", Arrays.stream(Scheme.values())
                .map(s -> s.label).toList()), StringColumn.create("what it does", Arrays.stream(Scheme.values())
                .map(s -> s.description).toList()));
    }

    static String setUp(SchemeRuns.Result r, OptimizationSettings s) {
        return String.format(Locale.ROOT, "Target task: sentiment of a review sentence (IMDb, Yelp, Amazon; %d training "
                        + "sentences, the fixed test split of %d). Every scheme starts from the same pre-trained weights, "
                        + "trains a new head on the mean of the last layer's token vectors for %d epochs of batches of %d, "
                        + "and is repeated with %d seeds (the seed draws the head's initial weights, the batch order and "
                        + "dropout; pre-training ran once). Forgetting is the rise of the masked-LM loss on %,d masked "
                        + "tokens of %d held-out Brown sentence pairs (test documents, the same masks for every model): "
                        + "%.3f nats per masked token before fine-tuning (masked-token accuracy %.3f). Top rate η = %s for "
                        + "every scheme that trains the encoder and %s for feature extraction; L2-SP α = %s, β = %s; EWC λ "
                        + "= %s with the masked LM's Fisher (from %d Brown pairs, one backward pass each, %.0f s) scaled to "
                        + "mean 1, which puts λ on α's scale so that EWC and L2-SP differ only in how they weigh each "
                        + "parameter; Mixout p = %s. These settings were fixed before the first run and not tuned on its "
                        + "results.", r.trainSize(), r.gold().length, s.epochs(), s.batch(), s.seeds(),
                r.before().tokens(), s.heldPairs(), r.before().loss(), r.before().accuracy(), s.fineTuneRate(),
                s.headRate(), s.l2spAlpha(), s.l2spBeta(), s.ewcLambda(), s.fisherExamples(), r.fisherSeconds(),
                s.mixout()) + " The masked LM's Fisher, averaged per depth (embeddings first; the new task head, "
                + "which the masked LM does not use, has none): " + encoderDepths(r.fisherByDepth()) + ".";
    }

    /** The per-depth values without the last, the task head's (NaN: no parameter of it is in the Fisher). */
    private static List<String> encoderDepths(double[] byDepth) {
        int n = byDepth.length > 0 && Double.isNaN(byDepth[byDepth.length - 1]) ? byDepth.length - 1 : byDepth.length;
        return Arrays.stream(byDepth, 0, n).mapToObj(v -> String.format(Locale.ROOT, "%.2g", v)).toList();
    }

    /** Which schemes forgot less than full fine-tuning, by how much, and whether the seeds' ranges overlap. */
    static String forgetting(SchemeRuns.Result r) {
        double[] full = SchemeReport.increases(r, Scheme.FULL);
        double fullMax = Arrays.stream(full).max().orElse(0);
        double fullMin = Arrays.stream(full).min().orElse(0);
        List<String> less = new ArrayList<>();
        List<String> overlapping = new ArrayList<>();
        List<String> more = new ArrayList<>();
        for (Scheme s : r.runs().keySet()) {
            if (s == Scheme.FULL) {
                continue;
            }
            double[] v = SchemeReport.increases(r, s);
            String item = String.format(Locale.ROOT, "%s (%+.3f, seeds %s)", s.label, SchemeReport.mean(v),
                    SchemeReport.range(v));
            if (Arrays.stream(v).max().orElse(0) < fullMin) {
                less.add(item);
            } else if (Arrays.stream(v).min().orElse(0) > fullMax) {
                more.add(item);
            } else {
                overlapping.add(item);
            }
        }
        return String.format(Locale.ROOT, "Full fine-tuning raised the held-out masked-LM loss by %+.3f nats per masked "
                        + "token (seeds %s). Every seed forgot less than every seed of full fine-tuning with: %s. The "
                        + "seeds' ranges overlap full fine-tuning's for: %s. More than full fine-tuning: %s.",
                SchemeReport.mean(full), SchemeReport.range(full), list(less), list(overlapping), list(more));
    }

    static String layers(SchemeRuns.Result r) {
        int depths = r.runs().get(Scheme.FULL).get(0).distance().length;
        double[] full = new double[depths];
        for (int d = 0; d < depths; d++) {
            int depth = d;
            full[d] = r.runs().get(Scheme.FULL).stream().mapToDouble(x -> x.distance()[depth]).average().orElse(0);
        }
        int most = 1;
        for (int d = 2; d < depths; d++) {
            most = full[d] > full[most] ? d : most;
        }
        return String.format(Locale.ROOT, "Under full fine-tuning the layer that moved most, relative to its size, was "
                + "layer %d (%.4f, mean over seeds); the embeddings moved %.4f. Feature extraction leaves every depth where "
                + "it was (0, and CKA 1, by construction), which checks the measurement itself.", most, full[most], full[0]);
    }

    static String sequentialSetUp(OptimizationSettings s) {
        return String.format(Locale.ROOT, "Task A: sentiment (%d training sentences, full fine-tuning, %d epochs). Task B: "
                        + "the genre of 2-sentence Brown passages (%d per genre for training, %d per genre for testing; 5 "
                        + "genres), %d epochs with a new head, the encoder shared. B starts three times from the same end of "
                        + "A (restored in between) with the same head initialisation: plainly, with L2-SP (α = %s) "
                        + "towards the encoder A ended with, and with EWC (λ = %s) weighted by A's Fisher (from %d A "
                        + "sentences, scaled to mean 1). A's own head is kept and never trained during B. %d seeds. "
                        + "`average_forgetting` is Chaudhry et al.'s over the sequence masked LM → A → B (masked-token "
                        + "accuracy for the first, test accuracy for A), averaged over seeds.", s.trainSentences(),
                s.epochs(), s.genrePerGenre(), s.genreTestPerGenre(), s.epochs(), s.l2spAlpha(), s.ewcLambda(),
                s.fisherExamples(), s.seeds());
    }

    static String sequential(Sequential.Result r, Rng rng) {
        TestAccuracy plain = r.aAfterB().get(0);
        return "A's accuracy right after A: " + r.afterA().summary() + ". Paired comparisons of A after B, on the same "
                + "test sentences:\n\n- " + plain.minus(r.afterA(), rng.split("a")).sentence("A after plain B",
                "A right after A") + "\n- " + r.aAfterB().get(1).minus(plain, rng.split("l2")).sentence(
                "A after B with L2-SP", "A after plain B") + "\n- " + r.aAfterB().get(2).minus(plain, rng.split("ewc"))
                .sentence("A after B with EWC", "A after plain B") + "\n- " + r.b().get(1).minus(r.b().get(0),
                rng.split("b l2")).sentence("B with L2-SP", "plain B") + "\n- " + r.b().get(2).minus(r.b().get(0),
                rng.split("b ewc")).sentence("B with EWC", "plain B");
    }

    static String gpt2() {
        return "Fine-tuned as a language model on review sentences (each ended by `<|endoftext|>`), batches of 16; "
                + "target: perplexity on the review sentences of the test split; forgetting: perplexity on held-out "
                + "Brown windows (validation documents). The schemes are those of part 2 that apply to a model without a "
                + "new head; EWC's Fisher is the Brown language model's, from single windows. GPT-2's output layer is its "
                + "token embedding (tied), which sits at depth 0, so discriminative rates give the output layer the "
                + "smallest rate.";
    }

    static String claims(SchemeRuns.Result r, Sequential.Result seq, Gpt2Forgetting.Result gpt, Rng rng) {
        double full = SchemeReport.mean(SchemeReport.increases(r, Scheme.FULL));
        StringBuilder sb = new StringBuilder();
        sb.append("**The papers' claim.** Howard and Ruder (2018) introduce gradual unfreezing, discriminative rates and "
                + "slanted triangular rates to fine-tune \"without catastrophic forgetting\"; Li et al. (2018) argue that "
                + "the pre-trained weights are the right point to regularise towards; Kirkpatrick et al. (2017) that a "
                + "Fisher-weighted pull keeps an earlier task while a later one is learnt; Lee et al. (2020) that Mixout "
                + "stabilises fine-tuning. The picture usually drawn from them: full fine-tuning forgets most; the "
                + "progressive schemes give up a little target score for much less forgetting; feature extraction "
                + "forgets nothing.\n\n**What appeared here** (small models, one pre-training, ");
        sb.append(r.runs().get(Scheme.FULL).size()).append(" seeds; read the intervals before the means):\n\n");
        for (Scheme s : r.runs().keySet()) {
            double rise = SchemeReport.mean(SchemeReport.increases(r, s));
            sb.append(String.format(Locale.ROOT, "- %s: sentiment %s, masked-LM loss rise %+.3f (%s of full "
                            + "fine-tuning's)%n", s.label, r.accuracy().get(s).summary(), rise,
                    full == 0 ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100 * rise / full)));
        }
        sb.append("\nSequential: A went from ").append(seq.afterA().summary()).append(" to ")
                .append(seq.aAfterB().get(0).summary()).append(" after plain B, ").append(seq.aAfterB().get(1).summary())
                .append(" with L2-SP and ").append(seq.aAfterB().get(2).summary()).append(" with EWC.\n\nGPT-2 (Brown loss rise, "
                        + "nats per token; review perplexity):");
        Table g = gpt.table();
        for (int row = 1; row < g.rowCount(); row++) {
            sb.append(String.format(Locale.ROOT, " %s %+.3f (%.1f);", g.stringColumn("scheme").get(row),
                    g.doubleColumn("brown_loss_rise").get(row), g.doubleColumn("review_perplexity").get(row)));
        }
        sb.append(String.format(Locale.ROOT, " before fine-tuning the review perplexity was %.1f.", Math.exp(gpt.reviewsBefore())));
        sb.append("\n\nWhether a difference is more than noise is said by the paired comparisons and the seeds' ranges "
                + "above; a larger run (BERT-base at full size, more seeds, the whole sentiment set) is what would settle "
                + "the differences these sizes cannot.");
        return sb.toString();
    }

    private static String list(List<String> items) {
        return items.isEmpty() ? "none" : String.join("; ", items);
    }
}
