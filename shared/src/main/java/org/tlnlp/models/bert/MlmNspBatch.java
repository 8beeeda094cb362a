package org.tlnlp.models.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.tlnlp.data.SentencePairs;
import org.tlnlp.text.BertTokenizer;
import org.tlnlp.text.Encoding;
import org.tlnlp.train.Batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A pre-training batch for {@link BertPretraining}: sentence pairs, masked as BERT masks them.
 *
 * @param input           the corrupted pairs ([MASK], random and kept pieces at the chosen positions)
 * @param maskedPositions (M) int64: the chosen positions, as flat indices into the (B·T) tokens
 * @param maskedTargets   (M) the original ids at those positions, as floats
 * @param isNext          (B) 1 when the second sentence really follows the first, else 0, as floats
 */
public record MlmNspBatch(BertInput input, NDArray maskedPositions, NDArray maskedTargets, NDArray isNext)
        implements Batch {

    @Override
    public int size() {
        return input.size();
    }

    /**
     * Encodes the pairs (at most {@code maxLength} pieces each) and masks every ordinary piece with
     * {@link MlmMasking} using {@code random}. Special pieces ([PAD], [unusedN], [UNK], [CLS], [SEP], [MASK]:
     * the ids below "!") are never chosen.
     */
    public static MlmNspBatch of(NDManager manager, List<SentencePairs.Pair> pairs, BertTokenizer tokenizer,
                                 int maxLength, Random random) {
        return of(manager, pairs, tokenizer, maxLength, random, MlmMasking::mask);
    }

    /** The same, masked by {@code masker} (a learner's own, with {@code --mine}). */
    public static MlmNspBatch of(NDManager manager, List<SentencePairs.Pair> pairs, BertTokenizer tokenizer,
                                 int maxLength, Random random, MlmMasking.Masker masker) {
        List<Encoding> enc = tokenizer.encodeBatch(pairs.stream().map(SentencePairs.Pair::first).toList(),
                pairs.stream().map(SentencePairs.Pair::second).toList(), maxLength);
        int t = enc.get(0).length();
        int b = enc.size();
        List<Encoding> corrupted = new ArrayList<>();
        List<Long> positions = new ArrayList<>();
        List<Float> targets = new ArrayList<>();
        float[] next = new float[b];
        int vocab = tokenizer.vocabulary().size();
        int firstWord = tokenizer.id("!");
        for (int i = 0; i < b; i++) {
            Encoding e = enc.get(i);
            boolean[] special = new boolean[t];
            for (int j = 0; j < t; j++) {
                special[j] = e.ids()[j] < firstWord;
            }
            MlmMasking.Masked masked = masker.mask(e.ids(), special, random, tokenizer.id(BertTokenizer.MASK), vocab,
                    firstWord);
            corrupted.add(new Encoding(e.tokens(), masked.inputs(), e.typeIds(), e.attentionMask()));
            for (int j = 0; j < t; j++) {
                if (masked.labels()[j] != MlmMasking.IGNORE) {
                    positions.add((long) i * t + j);
                    targets.add((float) masked.labels()[j]);
                }
            }
            next[i] = pairs.get(i).isNext() ? 1 : 0;
        }
        if (positions.isEmpty()) { // a batch needs one masked position at least
            positions.add(1L);
            targets.add((float) enc.get(0).ids()[1]);
        }
        float[] tg = new float[targets.size()];
        for (int i = 0; i < tg.length; i++) {
            tg[i] = targets.get(i);
        }
        return new MlmNspBatch(BertInput.of(manager, corrupted, tokenizer.id(BertTokenizer.PAD)),
                manager.create(positions.stream().mapToLong(Long::longValue).toArray()), manager.create(tg),
                manager.create(next));
    }
}
