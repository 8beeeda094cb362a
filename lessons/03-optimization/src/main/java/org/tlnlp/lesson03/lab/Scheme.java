package org.tlnlp.lesson03.lab;

import org.tlnlp.nn.ParameterMap;
import org.tlnlp.train.BatchSource;
import org.tlnlp.train.Ewc;
import org.tlnlp.train.Fisher;
import org.tlnlp.train.History;
import org.tlnlp.train.L2Sp;
import org.tlnlp.train.Mixout;
import org.tlnlp.train.Objective;
import org.tlnlp.train.ParamGroup;
import org.tlnlp.train.Recipe;
import org.tlnlp.train.Regularized;
import org.tlnlp.train.TrainLoop;
import org.tlnlp.train.WeightAnchor;

import java.util.function.Predicate;

/**
 * The ways to fine-tune that the lab compares, each made of the library's pieces and selected by the checkpoint's
 * parameter names: frozen or not ({@code bert.*}), by depth (rates, unfreezing), or pulled towards stored weights.
 */
public enum Scheme {
    FEATURE_EXTRACTION("feature extraction", "the encoder (bert.*) frozen, the head trained"),
    FULL("full fine-tuning", "everything at one rate, warm-up then linear decay (BERT's recipe)"),
    GRADUAL("gradual unfreezing", "the head alone in epoch 1, one more depth from the top each epoch"),
    DISCRIMINATIVE("discriminative rates", "η at the head, η/2.6 per depth below it"),
    ULMFIT("ULMFiT (all three)", "gradual unfreezing + η/2.6 per depth + slanted triangular rates"),
    L2SP("L2-SP", "α/2·‖w − w⁰‖² on the encoder, β/2·‖w‖² on the head, no weight decay"),
    EWC("EWC", "λ/2·Σ F·(θ − θ⁰)², F of the pre-training objective (BERT: masked LM) on Brown"),
    MIXOUT("Mixout", "encoder matrices mixed out towards w⁰ with probability p");

    final String label;
    final String description;

    Scheme(String label, String description) {
        this.label = label;
        this.description = description;
    }

    /**
     * What a run needs besides the model: the settings, its epochs, the Fisher EWC weighs with, and which names hold
     * pre-trained values (the anchors of L2-SP, EWC and Mixout).
     */
    record Context(OptimizationSettings settings, int epochs, Fisher fisher, Predicate<String> pretrained) {
    }

    /**
     * Trains {@code model} (a task head over an encoder named {@code bert.*}) on {@code data} this way; returns what
     * was logged. The anchors it takes are the model's weights at the start, which are the pre-trained ones.
     */
    <B extends org.tlnlp.train.Batch> History train(Objective<B> model, BatchSource<B> data, Context c,
                                                    TrainLoop.Evaluation evaluation, String label) {
        OptimizationSettings s = c.settings();
        Recipe recipe = Recipe.fineTuning(s.fineTuneRate());
        int total = c.epochs() * data.batches();
        TrainLoop.Builder b = TrainLoop.builder().recipe(recipe).epochs(c.epochs()).label(label)
                .logEvery(Math.max(1, total / 40)).evaluation(evaluation);
        ParameterMap names = model.namedParameters();
        Objective<B> objective = model;
        WeightAnchor start = null;
        switch (this) {
            case FEATURE_EXTRACTION -> b.recipe(Recipe.fineTuning(s.headRate())).group(ParamGroup.frozen("bert.*"));
            case FULL -> {
            }
            case GRADUAL -> b.freezing(Yours.unfreezing(model));
            case DISCRIMINATIVE -> Yours.layerGroups(model).forEach(b::group);
            case ULMFIT -> {
                b.freezing(Yours.unfreezing(model)).schedule(Yours.slantedTriangular(total));
                Yours.layerGroups(model).forEach(b::group);
            }
            case L2SP -> {
                start = WeightAnchor.of(names, c.pretrained());
                objective = new Regularized<>(model, new L2Sp(names, start, s.l2spAlpha(), s.l2spBeta()));
                b.recipe(recipe.withWeightDecay(0));
            }
            case EWC -> {
                start = WeightAnchor.of(names, c.pretrained());
                objective = new Regularized<>(model, new Ewc(names, start, c.fisher(), s.ewcLambda()));
                b.recipe(recipe.withWeightDecay(0));
            }
            case MIXOUT -> {
                start = WeightAnchor.of(names, n -> c.pretrained().test(n) && n.endsWith(".weight")
                        && !n.contains("LayerNorm") && !n.contains("embeddings"));
                objective = new Mixout<>(model, start, s.mixout());
            }
        }
        try {
            return b.build().fit(objective, data);
        } finally {
            if (objective instanceof Mixout<B> mixout) {
                mixout.close();
            }
            if (start != null) {
                start.close();
            }
        }
    }
}
