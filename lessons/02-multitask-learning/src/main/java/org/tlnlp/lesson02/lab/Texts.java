package org.tlnlp.lesson02.lab;

import org.tlnlp.analysis.TestAccuracy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The prose of lab 02's report; what depends on the numbers is written from them ({@link #verdict}). */
final class Texts {

    private Texts() {
    }

    static final String INTRO = "The lecture gives four reasons why learning several tasks at once with shared "
            + "parameters helps (after Ruder 2017): *implicit data augmentation* (every task's examples train the shared "
            + "part, so a task with few labels borrows the others' data), *implicit feature selection* (other tasks show "
            + "which features matter), *representation bias* (a representation that serves many tasks serves a new one "
            + "too) and *regularisation* (the other tasks keep the shared part from fitting one task's noise). This lab "
            + "measures them on real data with a low-resource target: the sentiment of a review sentence with 50 to 500 "
            + "labels. Whatever appears is reported as it is: a paired comparison claims a difference only when its 95% "
            + "interval leaves out zero.";

    static final String ENCODER = "Every task reads all-MiniLM-L6-v2's vectors (real pre-trained weights): a text's "
            + "mean-pooled last hidden state, or a word's vector at its first word piece (at most %d pieces per example). "
            + "MiniLM stays frozen and its vectors are computed once; the *shared encoder* trained here is one tanh layer "
            + "of width %d over them, with one linear head per task on top: Caruana's (1997) picture of hard parameter "
            + "sharing. Fine-tuning all of MiniLM for every run would cost hours on two CPU cores; part 6 shares a whole "
            + "BERT instead, and the full size fine-tunes MiniLM itself.";

    static final String CURVE = "Each run trains %d steps; a multitask step holds one batch (%d examples) of every "
            + "task, its loss weighted by learned uncertainty (Kendall et al. 2018). Each of the %d seeds draws its own "
            + "labelled sentiment sentences (nested: a seed's smaller sets are part of its larger ones), so the spread over "
            + "seeds includes which sentences were labelled. `_95ci` is the Wilson interval over the test sentences, "
            + "`_seeds` the lowest and highest seed. The last two columns are the regularisation reading: accuracy on "
            + "the target's own training labels minus test accuracy.";

    static final String WATCH = "The multitask runs were evaluated as they trained: every task's accuracy on its "
            + "held-out set, each task's σ, and the cosine between the sentiment loss's gradient and each auxiliary "
            + "task's on the shared layer (computed on a fixed batch of training examples of each task, without dropout).";

    static final String SIGMA = "Uncertainty weighting minimises Σ L_i/(2σ_i²) + log σ_i; for a loss that no longer "
            + "changes, σ_i settles where σ_i² = L_i, where the gradient with respect to log σ (exercise 2.4, last column) "
            + "is zero. A task with a small loss gets a small σ and a large weight. log σ learns at a higher rate than the "
            + "rest (`sigmaRateScale` in the settings) so that it can settle within a short run.";

    static final String SAMPLING = "Proportional sampling gives each task batches in proportion to its examples, so the "
            + "small target is seen rarely; uniform sampling gives every task the same share, so the target's few "
            + "sentences are repeated many times; temperature T sits between (p_i ∝ n_i^(1/T)). Every sampled scheme trains "
            + "as many task batches as the joint runs. The auxiliary columns are held-out accuracies at the end.";

    static final String SHARING = "Soft sharing gives each task its own shared layer, all starting from the same "
            + "weights, and adds λ Σ_i ‖θ_i − θ̄‖² to the loss. A pairing is negative transfer when adding that task "
            + "makes the target worse by more than the interval allows. For representation bias, genre is left out of "
            + "training; a linear probe then learns genre on the frozen shared layer of each model, and on MiniLM's "
            + "vectors themselves for reference.";

    static final String WHOLE = "Here the encoder is a whole BERT that reads word pieces: every parameter, the "
            + "embeddings included, is shared. Each run trains %d steps (a joint step: one batch of each task); the "
            + "part-of-speech task has %d tagged Brown sentences. The figure shows the gradient cosine of the two tasks "
            + "on the whole encoder.";

    static final String WHOLE_COSINE = "A cosine over a whole network is not comparable with one over a single "
            + "layer: it weighs most the parameters with the largest gradients, and in a BERT every input of both tasks "
            + "goes through the same position embeddings, LayerNorm gains and [CLS] and [SEP] embeddings, which may "
            + "account for much of the agreement (the lab does not split the cosine by parameter).";

    /**
     * What the σ table says about the weights: the task with the largest and the smallest weight, and whether the
     * first is still moving (its gradient with respect to log σ is far from zero).
     */
    static String sigmaReading(tech.tablesaw.api.Table sigma) {
        int top = 0;
        int bottom = 0;
        for (int i = 1; i < sigma.rowCount(); i++) {
            double w = sigma.doubleColumn("weight_1_over_2sigma2").get(i);
            top = w > sigma.doubleColumn("weight_1_over_2sigma2").get(top) ? i : top;
            bottom = w < sigma.doubleColumn("weight_1_over_2sigma2").get(bottom) ? i : bottom;
        }
        double ratio = sigma.doubleColumn("weight_1_over_2sigma2").get(top) / sigma.doubleColumn("weight_1_over_2sigma2")
                .get(bottom);
        double gradient = sigma.doubleColumn("d_loss_d_log_sigma").get(top);
        return String.format(Locale.ROOT, "Here %s ends with the largest weight, %.0f times that of %s, at a training "
                        + "loss of %.2g. %s", sigma.stringColumn("task").get(top), ratio,
                sigma.stringColumn("task").get(bottom), sigma.doubleColumn("training_loss").get(top),
                Math.abs(gradient) > 0.5 ? "Its σ had not settled (the gradient with respect to log σ is still "
                        + String.format(Locale.ROOT, "%.2f", gradient) + "): a training set small enough to be learned "
                        + "by heart drives its loss, and so its σ, towards zero, and its weight up without bound. The "
                        + "method reads a task's training loss as the noise of its labels; a memorised task seems to "
                        + "have none." : "Its σ has about settled at the square root of "
                        + "its loss.");
    }

    static final String LARGER = "The test set has %d sentences, so an accuracy carries an interval about ±%.2f wide "
            + "and only differences of a few points can be resolved; %d seeds give a rough spread, not a distribution. "
            + "A firmer answer needs more seeds (the full size runs five), more test sentences than this data set has, "
            + "and fine-tuning the encoder end to end (the full size fine-tunes MiniLM in part 6, which wants a GPU). "
            + "GradNorm (Chen et al. 2018), which balances the tasks' gradient norms, is not part of this lab.";

    /** Whether multitask learning helped the target, by how much, and how far the seeds spread, size by size. */
    static String verdict(LowResource.Result curve, MultitaskSettings s, int[] gold) {
        List<String> lines = new ArrayList<>();
        int helped = 0;
        int hurt = 0;
        for (int i = 0; i < s.sizes().length; i++) {
            int n = s.sizes()[i];
            TestAccuracy one = Runs.accuracy(gold, curve.single().get(n));
            TestAccuracy all = Runs.accuracy(gold, curve.multi().get(n));
            TestAccuracy.Difference d = curve.differences().get(i);
            helped += d.separates() && d.estimate() > 0 ? 1 : 0;
            hurt += d.separates() && d.estimate() < 0 ? 1 : 0;
            lines.add(String.format(Locale.ROOT, "%d labels: %+.3f (interval [%+.3f, %+.3f]); single-task seeds %.3f–%.3f, "
                            + "multitask seeds %.3f–%.3f", n, d.estimate(), d.lower(), d.upper(), one.seedRange()[0],
                    one.seedRange()[1], all.seedRange()[0], all.seedRange()[1]));
        }
        String answer = helped == 0 && hurt == 0
                ? "**Did multitask learning help the low-resource task?** Not measurably: at no size does the paired "
                + "interval leave out zero."
                : String.format(Locale.ROOT, "**Did multitask learning help the low-resource task?** It helped measurably "
                + "at %d of %d sizes and hurt measurably at %d.", helped, s.sizes().length, hurt);
        return answer + " Multitask minus single-task accuracy, size by size, with the spread of each over seeds:\n\n"
                + String.join("\n", lines.stream().map(l -> "- " + l).toList());
    }
}
