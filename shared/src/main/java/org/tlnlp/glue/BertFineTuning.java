package org.tlnlp.glue;

import ai.djl.ndarray.NDManager;
import org.tlnlp.engine.Rng;
import org.tlnlp.models.bert.Bert;
import org.tlnlp.models.bert.BertClassifier;
import org.tlnlp.models.bert.ClassificationBatches;
import org.tlnlp.text.BertTokenizer;
import org.tlnlp.text.Encoding;
import org.tlnlp.train.History;
import org.tlnlp.train.Recipe;
import org.tlnlp.train.TrainLoop;

import java.io.IOException;
import java.util.List;

/**
 * Fine-tuning a BERT-family encoder on one task, as Devlin et al. (2019, section 4.1) fine-tune BERT on GLUE: the
 * text (or the pair, {@code [CLS] a [SEP] b [SEP]}) through the encoder, a new linear layer on its pooled vector,
 * everything trained together with the fine-tuning recipe (AdamW, warm-up then linear decay). Classification
 * trains with cross-entropy, regression (STS-B) with the squared error of one output.
 */
public final class BertFineTuning {

    private BertFineTuning() {
    }

    /**
     * The run's settings.
     *
     * @param epochs       passes over the training examples
     * @param batchSize    examples per step
     * @param learningRate the peak rate (the BERT paper chose among 5e-5, 4e-5, 3e-5 and 2e-5)
     * @param maxLength    word pieces per example, the special tokens included; longer texts are cut
     * @param evalBatch    examples per forward pass when predicting
     */
    public record Settings(int epochs, int batchSize, double learningRate, int maxLength, int evalBatch) {

        /** BERT's GLUE setting: 3 epochs, batch 32, rate 2e-5, 128 word pieces. */
        public static Settings paper() {
            return new Settings(3, 32, 2e-5, 128, 64);
        }
    }

    /** An encoder to fine-tune, its tokenizer, and how it makes one vector of a sequence. */
    public record Encoder(Bert bert, BertTokenizer tokenizer, BertClassifier.Pooling pooling) {
    }

    /** Loads a fresh copy of an encoder (each task fine-tunes its own). */
    @FunctionalInterface
    public interface EncoderSource {
        Encoder load(NDManager manager) throws IOException;
    }

    /** A fine-tuned model, ready to predict. */
    public record Tuned(BertClassifier model, BertTokenizer tokenizer, TaskSpec spec, Settings settings, History history) {

        /** One prediction per example, in order. */
        public Predictions predict(NDManager manager, List<Example> examples) {
            ClassificationBatches data = batches(tokenizer, spec, examples, settings, settings.evalBatch(), new Rng(0), false);
            if (spec.isRegression()) {
                float[] v = model.predictValues(manager, data, settings.evalBatch());
                double[] out = new double[v.length];
                for (int i = 0; i < v.length; i++) {
                    out[i] = v[i];
                }
                return Predictions.ofValues(out);
            }
            return Predictions.ofLabels(model.predict(manager, data, settings.evalBatch()));
        }
    }

    /** Fine-tunes {@code encoder} with a new head for {@code spec} on the labelled {@code train} examples. */
    public static Tuned fit(NDManager manager, Encoder encoder, TaskSpec spec, List<Example> train, Settings s, Rng rng,
                            String label) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException(spec.name() + ": no training examples to fine-tune on");
        }
        rng.seedEngine();
        BertClassifier clf = new BertClassifier(encoder.bert(), spec.outputs(), encoder.pooling());
        clf.initialize(manager);
        ClassificationBatches batches = batches(encoder.tokenizer(), spec, train, s, s.batchSize(), rng.split("order"), true);
        int total = s.epochs() * batches.batches();
        History h = TrainLoop.builder().recipe(Recipe.fineTuning(s.learningRate())).epochs(s.epochs()).label(label)
                .logEvery(Math.max(1, total / 20)).build().fit(clf, batches);
        return new Tuned(clf, encoder.tokenizer(), spec, s, h);
    }

    static ClassificationBatches batches(BertTokenizer tokenizer, TaskSpec spec, List<Example> examples, Settings s,
                                         int batch, Rng order, boolean labelled) {
        List<Encoding> encoded = examples.stream().map(e -> tokenizer.encode(e.textA(), spec.pair() ? pairText(e) : null,
                s.maxLength())).toList();
        int pad = tokenizer.id(BertTokenizer.PAD);
        if (!labelled) { // predictions only: the targets are never read
            return new ClassificationBatches(encoded, new int[encoded.size()], batch, pad, order);
        }
        Predictions gold = spec.gold(examples);
        if (spec.isRegression()) {
            float[] y = new float[gold.size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = (float) gold.values()[i];
            }
            return ClassificationBatches.regression(encoded, y, batch, pad, order);
        }
        return new ClassificationBatches(encoded, gold.labels(), batch, pad, order);
    }

    private static String pairText(Example e) {
        if (e.textB() == null) {
            throw new IllegalArgumentException("example " + e.id() + " of a pair task has no second text");
        }
        return e.textB();
    }
}
