package org.tlnlp.lesson01.lab;

import org.tlnlp.analysis.PowerLaw;
import org.tlnlp.engine.Rng;
import org.tlnlp.lab.LabReport;
import org.tlnlp.models.gpt2.Gpt2Config;
import org.tlnlp.plot.Figures;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

import java.util.List;
import java.util.Locale;

/**
 * The second half of lab 01 as the report tells it: part 3 (scaling, {@link Scaling}) and part 4 (data efficiency,
 * {@link DataEfficiency}), each with the paper's claim, what appeared here, and what a larger run would need.
 */
final class WhyTransfer {

    private WhyTransfer() {
    }

    /** Part 3: runs it and writes its section; returns the runs (the largest model stays open for part 4). */
    static Scaling.Result scaling(LabReport report, TransferSettings s, Rng rng) throws Exception {
        report.heading("3. Why transfer learning works: loss against model size, data and compute");
        report.text("**The claim.** Kaplan et al. (2020, eqs. 1.1–1.3) found the test loss of Transformer language "
                + "models a power law in each resource when the others do not limit it: L(N) = (N_c/N)^α_N with α_N ≈ "
                + fmt(Scaling.KAPLAN_ALPHA_N) + " (N: non-embedding parameters, N_c ≈ 8.8·10¹³), L(D) = (D_c/D)^α_D with α_D ≈ "
                + fmt(Scaling.KAPLAN_ALPHA_D) + " (D: tokens, early-stopped, D_c ≈ 5.4·10¹³), and along the compute-efficient "
                + "frontier L(C_min) ∝ C_min^−α_C with α_C ≈ " + fmt(Scaling.KAPLAN_ALPHA_C) + " (C in PF-days). Their models "
                + "ran from 768 to 1.5 billion non-embedding parameters on 22 billion tokens of WebText2. If loss falls "
                + "that predictably with scale, a model pre-trained once at large scale is worth reusing: that is the "
                + "case for transfer learning.");
        Scaling.Result r = Scaling.run(s, rng.split("scaling"));
        report.text(String.format(Locale.ROOT, "**The runs.** A byte-level BPE of %d symbols learned from Brown's "
                        + "training documents (%,d tokens; validation: the first %d windows of the validation documents). "
                        + "%d GPT-2 shapes (layers × width × heads) whose non-embedding parameters span %.0f×, all trained "
                        + "with one recipe: %d steps of %d windows of %d tokens, AdamW at peak rate %s with 5%% warm-up and "
                        + "linear decay, weight decay 0.01 on matrices, clipping at 1, no dropout; the validation loss "
                        + "after every %d steps. N counts every parameter but the token and position embeddings (the "
                        + "output layer is tied to the token embedding); C = 6·N·tokens.", r.corpus().bpe().size(),
                r.corpus().train().length, s.evalWindows(), r.sizes().size(), r.n().x()[r.n().x().length - 1] / r.n().x()[0],
                s.lmSteps(), s.lmBatch(), s.lmContext(), s.lmLearningRate(), Math.max(1, s.lmSteps() / s.lmRounds())));
        report.table(Scaling.runs(r, s));
        report.figure("scaling-model-size", Scaling.figure(r.n(), "Loss against model size (one recipe)",
                "non-embedding parameters N"));
        report.table(Scaling.fits(r));
        report.table(Scaling.residuals(r));
        PowerLaw.Fit n = r.n().chosen();
        report.text(String.format(Locale.ROOT, "**Model size.** The plain law gives α_N = %.3f (R² = %.4f in log space, "
                        + "largest residual %.3f); with an irreducible loss, α = %s, L∞ = %s (R² = %s). The adjusted R² "
                        + "prefers the %s. %s One seed per size: how far another seed would move each loss is not "
                        + "measured here (the data sweep below gives a hint: the same shape and recipe on different "
                        + "tokens).",
                r.n().plain().law().alpha(), r.n().plain().rSquared(), maxAbs(r.n().plain().residuals()),
                r.n().irreducible() == null ? "—" : fmt(r.n().irreducible().law().alpha()),
                r.n().irreducible() == null ? "—" : fmt(r.n().irreducible().law().irreducible()),
                r.n().irreducible() == null ? "—" : fmt(r.n().irreducible().rSquared()),
                n.parameters() == 2 ? "plain law" : "law with an irreducible loss", reading(r, n)));
        report.figure("scaling-data-size", Scaling.figure(r.d(), "Loss against training data, " + r.data().get(0).shape()
                + " (early-stopped)", "training tokens D"));
        report.table(Scaling.dataRuns(r));
        report.text(String.format(Locale.ROOT, "**Data.** The %s model trained with the same recipe on %d subsets of "
                        + "the training tokens (chunks of 1,024 tokens from across the corpus; a smaller subset is part of "
                        + "a larger one), each scored by its best validation loss (early stopping). The plain law gives "
                        + "α_D = %.3f (R² = %.4f)%s; Kaplan et al.'s α_D ≈ %.3f. Where the final loss is above the best, "
                        + "the model overfit its subset: %d steps are many passes over the smallest ones. Every run sees "
                        + "%,d tokens, so a subset larger than that is never used up: beyond it, data stops being what "
                        + "limits the loss, and the points there measure the spread between runs rather than D.",
                r.data().get(0).shape(), r.data().size(), r.d().plain().law().alpha(), r.d().plain().rSquared(),
                alternative(r.d()), Scaling.KAPLAN_ALPHA_D, s.lmSteps(), (long) s.lmSteps() * s.lmBatch() * s.lmContext()));
        report.figure("scaling-compute", Scaling.computeFigure(r));
        report.text(r.c() == null ? "**Compute.** Fewer than 3 runs reach the frontier: no law to fit at this size."
                : String.format(Locale.ROOT, "**Compute.** Every validation point of every run, against the FLOPs "
                        + "spent to reach it (6·N·tokens so far). The frontier, the lowest loss any run reached with at "
                        + "most that compute, has %d points; along it the plain law gives α_C = %.3f (R² = %.4f)%s, "
                        + "against Kaplan et al.'s α_C ≈ %.3f. The models on the frontier, in order of compute: %s.",
                r.c().x().length, r.c().plain().law().alpha(), r.c().plain().rSquared(), alternative(r.c()),
                Scaling.KAPLAN_ALPHA_C, frontierModels(r)));
        report.text("**Why ours differ.** Our models are tiny (the largest has " + String.format(Locale.ROOT, "%,d",
                r.largest().parameters()) + " non-embedding parameters; Kaplan et al. went to 1.5 billion), on one small "
                + "corpus (Brown, about 1 million words against 22 billion tokens), with a " + String.format(Locale.ROOT,
                "%,d", r.corpus().bpe().size()) + "-symbol vocabulary (Kaplan et al.'s had 50,257; the loss per token, "
                + "and so N_c and D_c, depend on the tokenizer and cannot be compared across vocabularies; only the "
                + "exponents can), and trained briefly: every shape gets the same " + s.lmSteps() + " steps, far from "
                + "convergence, so the larger models are held back by the step budget as much as by their "
                + "size, and one learning rate cannot suit every shape. Each law is fitted to about five points, so its "
                + "exponent is uncertain in the second digit. A larger run (`--full`, meant for a GPU: "
                + TransferSettings.FULL.lmShapes().size() + " shapes up to 8 layers of width 512, "
                + TransferSettings.FULL.lmSteps() + " steps of 32 × 128 tokens) would train each size longer, and would "
                + "still need more text than Brown to keep the largest models from being data-limited.");
        return r;
    }

    /** Part 4: runs it and writes its section. */
    static void dataEfficiency(LabReport report, TransferSettings s, Scaling.Result lm, Rng rng) throws Exception {
        report.heading("4. Data efficiency of a pre-trained start");
        report.text("**The claim.** Howard and Ruder (2018, ULMFiT) report that on IMDb, with 100 labelled examples, "
                + "their fine-tuned language model matches training from scratch on 10× more labelled data (100× when "
                + "also given 50,000 unlabelled examples): a pre-trained start saves labels. We measure the same "
                + "curve on the Sentiment Labelled Sentences (IMDb, Yelp and Amazon review sentences; the library's "
                + "fixed split).");
        DataEfficiency.Result r = DataEfficiency.run(s, lm.largest().model(), lm.corpus().bpe(), rng.split("efficiency"));
        report.text(String.format(Locale.ROOT, "For each of %d seeds, a balanced random order of the %,d training "
                        + "sentences; the first %s of it are the labelled sets (so the sets are nested). Each encoder is "
                        + "frozen and its mean-pooled last hidden states, standardised with the statistics of all %,d "
                        + "training sentences (no labels needed), feed a softmax regression trained for about %d steps "
                        + "(AdamW, rate 0.01); the bag of words (2,000 most common words, unit-length tf-idf) trains the "
                        + "same classifier from nothing. MiniLM is all-MiniLM-L6-v2 with its real weights; its random twin "
                        + "has the same architecture and initialisation scheme without pre-training. Every accuracy is on "
                        + "the same %d test sentences.", s.efficiencySeeds(), r.pool(), s.labelCounts(), r.pool(),
                s.probeSteps(), r.test()));
        XYChart curves = Figures.line("Sentiment accuracy against labelled sentences (mean over seeds)",
                "labelled sentences (log scale)", "test accuracy", DataEfficiency.series(r));
        curves.getStyler().setXAxisLogarithmic(true).setLegendPosition(Styler.LegendPosition.OutsideS);
        report.figure("data-efficiency", curves);
        report.table(DataEfficiency.table(r));
        for (int[] pair : pairs(r)) {
            report.table(DataEfficiency.savings(r, r.curves().get(pair[0]), r.curves().get(pair[1])));
        }
        report.text("**Labels saved.** " + String.join(" ", headlines(r)));
        report.text("**How the saving is read.** For each accuracy the from-scratch method reaches at one of its "
                + "measured sizes, the number of labels each method needs to reach it: the first point where its mean "
                + "curve gets there, interpolated linearly in log(labels) between the two measured sizes around it "
                + "(`LearningCurves.sizeToReach`). `≤ " + s.labelCounts().get(0) + "` means the smallest measured set "
                + "already does it, so the saving is at least the factor shown; `> " + s.labelCounts().get(
                s.labelCounts().size() - 1) + "` that no measured size does. Paired comparisons at equal labels:\n\n" + String.join("\n", comparisons(r, rng)));
    }

    /** Pre-trained start against a start from scratch: MiniLM against its random twin and the bag of words, the Brown
     * GPT-2 against its random twin, and (at full size) fine-tuned MiniLM against MiniLM trained from scratch. */
    private static List<int[]> pairs(DataEfficiency.Result r) {
        List<int[]> out = new java.util.ArrayList<>(List.of(new int[] {0, 1}, new int[] {0, 4}, new int[] {2, 3}));
        if (r.curves().size() > 6) {
            out.add(new int[] {5, 6});
        }
        return out;
    }

    /** For each pair: the labels the pre-trained start needs for the accuracy the other reaches with its largest set. */
    private static List<String> headlines(DataEfficiency.Result r) {
        List<String> out = new java.util.ArrayList<>();
        double largest = r.sizes()[r.sizes().length - 1];
        for (int[] p : pairs(r)) {
            DataEfficiency.Curve pre = r.curves().get(p[0]);
            DataEfficiency.Curve scratch = r.curves().get(p[1]);
            double target = scratch.means()[scratch.means().length - 1];
            org.tlnlp.analysis.LearningCurves.Reach reach = org.tlnlp.analysis.LearningCurves.sizeToReach(r.sizes(),
                    pre.means(), target);
            String head = String.format(Locale.ROOT, "%s reaches %.3f (mean of the seeds) with %,.0f labels; %s ",
                    scratch.name(), target, largest, pre.name());
            if (!reach.reached()) {
                out.add(head + "does not reach it with any measured number of labels.");
            } else {
                out.add(head + String.format(Locale.ROOT, "needs %s labels for it: %s%.0f× fewer.",
                        reach.describe(largest), reach.atMost() ? "at least " : "", largest / reach.size()));
            }
        }
        return out;
    }

    private static List<String> comparisons(DataEfficiency.Result r, Rng rng) {
        List<String> out = new java.util.ArrayList<>();
        int[] at = {0, r.sizes().length / 2, r.sizes().length - 1};
        for (int k : java.util.Arrays.stream(at).distinct().toArray()) {
            for (int[] p : pairs(r)) {
                DataEfficiency.Curve a = r.curves().get(p[0]);
                DataEfficiency.Curve b = r.curves().get(p[1]);
                out.add("- " + String.format(Locale.ROOT, "%.0f labels: ", r.sizes()[k]) + a.points().get(k).minus(
                        b.points().get(k), rng.split("compare " + p[0] + " " + p[1] + " " + k)).sentence(a.name(), b.name()));
            }
        }
        return out;
    }

    /** What the size law says: how it compares with Kaplan et al.'s, and what it extrapolates to, if it falls at all. */
    private static String reading(Scaling.Result r, PowerLaw.Fit n) {
        double alpha = r.n().plain().law().alpha();
        if (alpha <= 0 || r.n().plain().rSquared() < 0.5) {
            return String.format(Locale.ROOT, "At this step budget the loss does not fall as a power of N: α_N = %.3f "
                    + "with R² = %.2f says the sizes differ by no more than the scatter between runs (Kaplan et al.: "
                    + "%.3f), so there is no law to extrapolate from these points. This is what the step budget allows, "
                    + "not a failure of the law: every size saw the same %s tokens, a fraction of one pass over Brown, "
                    + "and at the start of training a larger model is not yet ahead.", alpha, r.n().plain().rSquared(),
                    Scaling.KAPLAN_ALPHA_N, String.format(Locale.ROOT, "%,.0f",
                            r.sizes().get(0).tokensSeen()[r.sizes().get(0).tokensSeen().length - 1]));
        }
        double biggest = r.n().x()[r.n().x().length - 1];
        double best = r.n().y()[r.n().y().length - 1];
        String reach;
        try {
            reach = String.format(Locale.ROOT, "to bring the loss 5%% below our largest model's (to %.3f) it asks for "
                    + "N ≈ %.3g", 0.95 * best, Yours.sizeFor(n.law(), 0.95 * best));
        } catch (IllegalArgumentException e) {
            reach = String.format(Locale.ROOT, "a loss 5%% below our largest model's (%.3f) is below its irreducible "
                    + "loss, so no size reaches it", 0.95 * best);
        }
        return String.format(Locale.ROOT, "Our α_N is %.1f× Kaplan et al.'s %.3f. Extrapolated, the chosen law predicts "
                        + "%.3f nats at 10× our largest N and %.3f at GPT-2 small's 85,056,000; %s. These are "
                        + "extrapolations far beyond the fitted range, and for a model trained as briefly as ours, not a "
                        + "forecast of a converged one.", alpha / Scaling.KAPLAN_ALPHA_N, Scaling.KAPLAN_ALPHA_N,
                Yours.predict(n.law(), 10 * biggest), Yours.predict(n.law(), Gpt2Config.gpt2Small().nonEmbeddingParameters()),
                reach);
    }

    /** The fit with an irreducible loss, and which of the two the adjusted R² prefers, as a parenthesis. */
    private static String alternative(Scaling.Fits f) {
        if (f.irreducible() == null) {
            return "";
        }
        PowerLaw.Fit q = f.irreducible();
        return String.format(Locale.ROOT, "; with an irreducible loss, α = %.3f and L∞ = %.3f (R² = %.4f), which the "
                + "adjusted R² %s", q.law().alpha(), q.law().irreducible(), q.rSquared(),
                f.chosen() == q ? "prefers" : "does not prefer");
    }

    private static String frontierModels(Scaling.Result r) {
        List<String> names = new java.util.ArrayList<>();
        for (int i : r.frontier()) {
            int run = 0;
            int seen = r.sizes().get(0).flops().length;
            while (i >= seen) {
                run++;
                seen += r.sizes().get(run).flops().length;
            }
            String name = r.sizes().get(run).shape().toString();
            if (names.isEmpty() || !names.get(names.size() - 1).equals(name)) {
                names.add(name);
            }
        }
        return String.join(" → ", names);
    }

    private static double maxAbs(double[] a) {
        return java.util.Arrays.stream(a).map(Math::abs).max().orElse(Double.NaN);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
