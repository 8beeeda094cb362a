package org.tlnlp.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.PairList;
import org.tlnlp.nn.Dense;
import org.tlnlp.nn.FixedBlock;
import org.tlnlp.nn.LayerNormalization;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What BERT is trained for: its two pre-training objectives (masked language model and next-sentence
 * prediction) and, downstream, sequence classification.
 */
public final class BertTasks {

    private BertTasks() {
    }

    /**
     * BERT with its pre-training heads. Inputs: ids, token types, attention mask (B, T) and the flat
     * positions (M) of the masked tokens in the (B·T) sequence. Outputs: masked-LM logits (M, vocab) and
     * next-sentence logits (B, 2). The masked-LM decoder is tied to the word embeddings (Press and Wolf
     * 2017): only its bias is its own.
     */
    public static final class Pretraining extends FixedBlock {
        final Bert bert;
        final Dense transform;
        final LayerNormalization transformNorm;
        final Parameter decoderBias;
        final Dense nsp;

        public Pretraining(Bert bert) {
            BertConfig c = bert.config();
            this.bert = addChildBlock("bert", bert);
            transform = addChildBlock("mlm_transform", new Dense(c.hidden(), c.hidden(), 0.02f));
            transformNorm = addChildBlock("mlm_norm", new LayerNormalization(c.hidden(), c.eps()));
            decoderBias = parameter("mlm_bias", Parameter.Type.BIAS, Parameter.Type.BIAS.getInitializer(), c.vocabSize());
            nsp = addChildBlock("nsp", new Dense(c.hidden(), 2, 0.02f));
        }

        public Bert bert() {
            return bert;
        }

        @Override
        protected NDList forwardInternal(ParameterStore s, NDList in, boolean training, PairList<String, Object> p) {
            Bert.Output o = bert.forward(s, in.get(0), in.get(1), in.get(2), training, false);
            long b = o.lastHidden().getShape().get(0);
            long t = o.lastHidden().getShape().get(1);
            long h = o.lastHidden().getShape().get(2);
            // Only the masked positions are decoded: gather their rows of the (B·T, H) hidden states.
            NDArray rows = Embedding.embedding(in.get(3), o.lastHidden().reshape(b * t, h), SparseFormat.DENSE)
                    .singletonOrThrow();
            NDArray x = transformNorm.forward(s, Activation.gelu(transform.forward(s, rows, training)), training);
            NDArray words = s.getValue(bert.wordEmbeddings(), x.getDevice(), training);
            NDArray mlm = x.matMul(words.transpose()).add(s.getValue(decoderBias, x.getDevice(), training));
            return new NDList(mlm, nsp.forward(s, o.pooled(), training));
        }
    }

    /** The joint pre-training loss: masked-LM cross-entropy plus next-sentence cross-entropy. */
    public static final class PretrainingLoss extends Loss {
        private final Loss ce = Loss.softmaxCrossEntropyLoss();

        public PretrainingLoss() {
            super("mlm+nsp");
        }

        /** labels: masked-LM targets (M), next-sentence targets (B); predictions as {@link Pretraining} gives them. */
        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            return ce.evaluate(new NDList(labels.get(0)), new NDList(predictions.get(0)))
                    .add(ce.evaluate(new NDList(labels.get(1)), new NDList(predictions.get(1))));
        }
    }

    /** How a sequence becomes one vector for the classifier. */
    public enum Pooling {
        /** BERT's pooler on [CLS] (the paper's classification setup). */
        POOLER,
        /** The mean of the real tokens' last hidden states (how all-MiniLM-L6-v2 was trained to be used). */
        MEAN
    }

    /** BERT → pooling → dropout → linear: a sequence classifier. Inputs ids, types, mask; output logits (B, C). */
    public static final class SequenceClassifier extends FixedBlock {
        final Bert bert;
        final Dense head;
        private final Pooling pooling;
        private final float dropout;

        public SequenceClassifier(Bert bert, int classes, Pooling pooling) {
            this.bert = addChildBlock("bert", bert);
            head = addChildBlock("classifier", new Dense(bert.config().hidden(), classes, 0.02f));
            this.pooling = pooling;
            this.dropout = bert.config().dropout();
            if (pooling == Pooling.MEAN) {
                // The pooler takes no part: a parameter no loss reaches has no gradient to train with.
                bert.pooler.freezeParameters(true);
            }
        }

        public Bert bert() {
            return bert;
        }

        /** The pooled vector (B, H) of each sequence. */
        public NDArray features(ParameterStore s, NDArray ids, NDArray types, NDArray mask, boolean training) {
            Bert.Output o = bert.forward(s, ids, types, mask, training, false);
            return pooling == Pooling.POOLER ? o.pooled() : meanPool(o.lastHidden(), mask);
        }

        @Override
        protected NDList forwardInternal(ParameterStore s, NDList in, boolean training, PairList<String, Object> p) {
            NDArray f = Bert.dropout(features(s, in.get(0), in.get(1), in.get(2), training), dropout, training);
            return new NDList(head.forward(s, f, training));
        }
    }

    /** The mean over the real (mask = 1) positions: (B, T, H), (B, T) → (B, H). */
    public static NDArray meanPool(NDArray hidden, NDArray mask) {
        NDArray m = mask.toType(hidden.getDataType(), false).expandDims(2);
        return hidden.mul(m).sum(new int[] {1}).div(m.sum(new int[] {1}).maximum(1e-9f));
    }

    /** A next-sentence example: two sentences, and whether the second really follows the first. */
    public record SentencePair(String first, String second, boolean isNext) {
    }

    /**
     * Next-sentence pairs from documents given as lists of sentences: each sentence with its successor
     * (half the time) or with a random sentence of another document (the other half).
     */
    public static List<SentencePair> nspPairs(List<List<String>> documents, Random random) {
        List<SentencePair> out = new ArrayList<>();
        for (int d = 0; d < documents.size(); d++) {
            List<String> doc = documents.get(d);
            for (int i = 0; i + 1 < doc.size(); i++) {
                if (random.nextBoolean() || documents.size() < 2) {
                    out.add(new SentencePair(doc.get(i), doc.get(i + 1), true));
                } else {
                    int other;
                    do {
                        other = random.nextInt(documents.size());
                    } while (other == d || documents.get(other).isEmpty());
                    List<String> o = documents.get(other);
                    out.add(new SentencePair(doc.get(i), o.get(random.nextInt(o.size())), false));
                }
            }
        }
        return out;
    }
}
