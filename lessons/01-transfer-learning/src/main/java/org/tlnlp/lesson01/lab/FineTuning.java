package org.tlnlp.lesson01.lab;

import ai.djl.ndarray.NDManager;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.models.bert.Bert;
import org.tlnlp.models.bert.BertClassifier;
import org.tlnlp.models.bert.BertConfig;
import org.tlnlp.models.bert.ClassificationBatches;
import org.tlnlp.models.bert.MiniLM;
import org.tlnlp.text.Encoding;
import org.tlnlp.train.Recipe;
import org.tlnlp.train.TrainLoop;

import java.util.List;

/**
 * Part 4 at full size (meant for a GPU): MiniLM trained end to end on the labelled sentences, from its pre-trained
 * weights (ULMFiT's "fine-tuned") and from random ones (the same architecture "from scratch").
 */
final class FineTuning {

    /** Peak rates: BERT's fine-tuning rate for the pre-trained start, ten times it for random weights. */
    static final double PRETRAINED_RATE = 5e-5;
    static final double SCRATCH_RATE = 5e-4;

    private FineTuning() {
    }

    /**
     * Trains a MiniLM classifier (mean pooling, a new linear head) on {@code train} for {@code epochs} (at least 100
     * steps, so that a handful of labels is not one step) and returns its predictions on {@code test}.
     */
    static int[] predict(boolean pretrained, List<Encoding> train, int[] labels, List<Encoding> test, int[] gold, int pad,
                         int epochs, Rng rng) throws Exception {
        try (NDManager m = Engines.newManager()) {
            rng.seedEngine();
            Bert bert = pretrained ? MiniLM.load(m) : Bert.create(BertConfig.miniLM(), m);
            BertClassifier clf = new BertClassifier(bert, 2, BertClassifier.Pooling.MEAN);
            clf.initialize(m);
            int batch = Math.min(16, train.size());
            ClassificationBatches data = new ClassificationBatches(train, labels, batch, pad, rng.split("order"));
            int e = Math.max(epochs, (100 + data.batches() - 1) / data.batches());
            TrainLoop.builder().recipe(Recipe.fineTuning(pretrained ? PRETRAINED_RATE : SCRATCH_RATE)).epochs(e)
                    .label(pretrained ? "fine-tune" : "scratch").logEvery(Math.max(1, e * data.batches() / 10)).build()
                    .fit(clf, data);
            return clf.predict(m, new ClassificationBatches(test, gold, 64, pad, new Rng(0)), 64);
        }
    }
}
