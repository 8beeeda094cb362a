package org.tlnlp.models.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.PairList;
import org.tlnlp.data.SentencePairs;
import org.tlnlp.engine.NoGradient;
import org.tlnlp.nn.Dense;
import org.tlnlp.nn.FixedBlock;
import org.tlnlp.nn.LayerNormalization;
import org.tlnlp.nn.ParameterMap;
import org.tlnlp.text.BertTokenizer;
import org.tlnlp.train.Objective;

import java.util.List;
import java.util.Random;

/**
 * BERT with its pre-training heads (Devlin et al. 2019), named as Hugging Face's {@code BertForPreTraining}:
 * the masked language model ({@code cls.predictions}: a dense transform with GELU and LayerNorm, then the
 * word-embedding matrix itself as the decoder — tied weights, Press and Wolf 2017 — plus a bias of its own)
 * and, optionally, next-sentence prediction ({@code cls.seq_relationship} on the pooled [CLS]). The loss is
 * the masked-LM cross-entropy plus the next-sentence cross-entropy.
 */
public final class BertPretraining extends FixedBlock implements Objective<MlmNspBatch> {

    final Bert bert;
    final Dense transform;
    final LayerNormalization transformNorm;
    final Parameter decoderBias;
    final Dense nsp;
    private final Loss crossEntropy = Loss.softmaxCrossEntropyLoss();

    /** What the heads predict: masked-LM logits (M, vocab) at the M masked positions, next-sentence logits (B, 2). */
    public record Output(NDArray mlmLogits, NDArray nspLogits) {
    }

    /**
     * @param nextSentence also the next-sentence head (BERT-base's TensorFlow export has none; its masked-LM
     *                     head is all there is)
     */
    public BertPretraining(Bert bert, boolean nextSentence) {
        BertConfig c = bert.config();
        this.bert = addChildBlock("bert", bert);
        transform = addChildBlock("mlm_transform", new Dense(c.hidden(), c.hidden(), 0.02f));
        transformNorm = addChildBlock("mlm_norm", new LayerNormalization(c.hidden(), c.eps()));
        decoderBias = parameter("mlm_bias", Parameter.Type.BIAS, Parameter.Type.BIAS.getInitializer(), c.vocabSize());
        nsp = nextSentence ? addChildBlock("nsp", new Dense(c.hidden(), 2, 0.02f)) : null;
    }

    public Bert bert() {
        return bert;
    }

    /** The heads' predictions for a batch whose masked positions are given (flat indices into B·T). */
    public Output forward(ParameterStore s, BertInput in, NDArray maskedPositions, boolean training) {
        Bert.Output o = bert.forward(s, in, training, false);
        NDArray mlm = maskedLm(s, o.lastHidden(), maskedPositions, training);
        return new Output(mlm, nsp == null ? null : nsp.forward(s, o.pooled(), training));
    }

    /** The masked-LM logits (M, vocab) of the hidden states (B, T, H) at the flat positions (M). */
    public NDArray maskedLm(ParameterStore s, NDArray hidden, NDArray positions, boolean training) {
        long b = hidden.getShape().get(0);
        long t = hidden.getShape().get(1);
        long h = hidden.getShape().get(2);
        // Only the masked positions are decoded: gather their rows of the (B·T, H) hidden states.
        NDArray rows = Embedding.embedding(positions, hidden.reshape(b * t, h), SparseFormat.DENSE).singletonOrThrow();
        NDArray x = transformNorm.forward(s, bert.config().activation().apply(transform.forward(s, rows, training)), training);
        NDArray words = s.getValue(bert.wordEmbeddings(), x.getDevice(), training);
        return x.matMul(words.transpose()).add(s.getValue(decoderBias, x.getDevice(), training));
    }

    @Override
    public NDArray loss(ParameterStore s, MlmNspBatch batch, boolean training) {
        Output o = forward(s, batch.input(), batch.maskedPositions(), training);
        NDArray loss = crossEntropy.evaluate(new NDList(batch.maskedTargets()), new NDList(o.mlmLogits()));
        return nsp == null ? loss : loss.add(crossEntropy.evaluate(new NDList(batch.isNext()), new NDList(o.nspLogits())));
    }

    @Override
    protected NDList forwardInternal(ParameterStore s, NDList in, boolean training, PairList<String, Object> p) {
        throw new UnsupportedOperationException("call forward(store, BertInput, maskedPositions, training)");
    }

    /** Held-out accuracy of both heads: the share of masked tokens and of next-sentence labels predicted right. */
    public record Accuracy(double maskedLm, double nextSentence) {
    }

    /**
     * Masks {@code held} with a fixed seed (the same masks at every call) and measures both heads' accuracy on
     * it in batches of {@code batch} pairs.
     */
    public Accuracy accuracy(NDManager manager, List<SentencePairs.Pair> held, BertTokenizer tokenizer, int maxLength,
                             int batch, long maskSeed) {
        try (NoGradient ignored = NoGradient.open()) {
            long mlmRight = 0;
            long mlmTotal = 0;
            long nspRight = 0;
            Random r = new Random(maskSeed);
            ParameterStore s = new ParameterStore(manager, false);
            for (int from = 0; from < held.size(); from += batch) {
                try (NDManager scope = manager.newSubManager()) {
                    MlmNspBatch b = MlmNspBatch.of(scope, held.subList(from, Math.min(held.size(), from + batch)), tokenizer,
                            maxLength, r);
                    Output out = forward(s, b.input(), b.maskedPositions(), false);
                    mlmRight += countEqual(out.mlmLogits(), b.maskedTargets());
                    mlmTotal += b.maskedTargets().getShape().get(0);
                    if (nsp != null) {
                        nspRight += countEqual(out.nspLogits(), b.isNext());
                    }
                }
            }
            return new Accuracy(mlmRight / (double) mlmTotal, nsp == null ? Double.NaN : nspRight / (double) held.size());
        }
    }

    private static long countEqual(NDArray logits, NDArray gold) {
        return logits.argMax(1).toType(DataType.FLOAT32, false).eq(gold).sum().toType(DataType.INT64, false).getLong();
    }

    /** Hugging Face's {@code BertForPreTraining} names (the tied decoder weight is the word embeddings'). */
    @Override
    public ParameterMap namedParameters() {
        ParameterMap m = new ParameterMap().putAll("bert.", bert.namedParameters());
        m.dense("cls.predictions.transform.dense", transform);
        m.norm("cls.predictions.transform.LayerNorm", transformNorm);
        m.put("cls.predictions.bias", decoderBias);
        if (nsp != null) {
            m.dense("cls.seq_relationship", nsp);
        }
        return m;
    }

    @Override
    public int depthOf(String name) {
        return name.startsWith("bert.") ? bert.depthOf(name.substring(5)) : bert.config().layers() + 1;
    }
}
