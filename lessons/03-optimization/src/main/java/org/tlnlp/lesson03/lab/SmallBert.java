package org.tlnlp.lesson03.lab;

import ai.djl.ndarray.NDManager;
import org.tlnlp.data.BrownTasks;
import org.tlnlp.data.SentencePairs;
import org.tlnlp.data.Split;
import org.tlnlp.engine.Rng;
import org.tlnlp.io.Checkpoints;
import org.tlnlp.models.bert.Bert;
import org.tlnlp.models.bert.BertConfig;
import org.tlnlp.models.bert.BertPretraining;
import org.tlnlp.models.bert.MaskedLmScore;
import org.tlnlp.models.bert.MlmNspBatch;
import org.tlnlp.plot.Tables;
import org.tlnlp.text.BertTokenizer;
import org.tlnlp.text.Vocabulary;
import org.tlnlp.train.History;
import org.tlnlp.train.ParamGroup;
import org.tlnlp.train.Recipe;
import org.tlnlp.train.SampledBatches;
import org.tlnlp.train.TrainLoop;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The model whose forgetting the lab measures: a small BERT with its masked-LM head, pre-trained on Brown inside the
 * lab. Where the pre-trained model comes from is this one class: BERT-base uncased with its masked-LM head (the
 * library's {@code Pretrained.bertBaseUncased}, a BertPretraining and its tokenizer) drops in at full size.
 */
public final class SmallBert {

    private SmallBert() {
    }

    /**
     * bert-base-uncased's WordPiece vocabulary cut to the {@code size} pieces most frequent in Brown's training
     * documents (the first size / 10 of them, at least 20), plus the special tokens and every single character seen there, in the original order. The same
     * greedy longest-match rule then splits Brown's training text exactly as the full vocabulary does; rarer words
     * elsewhere fall into more pieces. A small vocabulary makes the embeddings and the masked-LM output cheap.
     */
    public static BertTokenizer brownVocabulary(BertTokenizer full, int size) {
        if (size <= 0 || size >= full.vocabulary().size()) {
            return full;
        }
        Map<String, Integer> counts = new HashMap<>();
        List<List<String>> docs = BrownTasks.documents(Split.TRAIN);
        // A small vocabulary needs fewer documents to count in (every training document from 4,000 pieces up).
        for (List<String> doc : docs.subList(0, Math.min(docs.size(), Math.max(20, size / 10)))) {
            for (String sentence : doc) {
                for (String piece : full.tokenize(sentence)) {
                    counts.merge(piece, 1, Integer::sum);
                }
            }
        }
        Set<String> keep = new HashSet<>(List.of(BertTokenizer.PAD, BertTokenizer.UNK, BertTokenizer.CLS,
                BertTokenizer.SEP, BertTokenizer.MASK, "!"));
        counts.keySet().stream().filter(p -> p.length() == 1 || p.startsWith("##") && p.length() == 3).forEach(keep::add);
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .map(Map.Entry::getKey).filter(p -> !keep.contains(p)).limit(Math.max(0, size - keep.size()))
                .forEach(keep::add);
        List<String> tokens = new ArrayList<>();
        for (String t : full.vocabulary().tokens()) {
            if (keep.contains(t)) {
                tokens.add(t);
            }
        }
        return new BertTokenizer(new Vocabulary(tokens), true);
    }

    /** The pre-trained model, its tokenizer, its held-out curve and how long pre-training took. */
    public record Pretrained(BertPretraining model, BertTokenizer tokenizer, Table curve, double seconds, int skipped) {
    }

    /**
     * The model the lab starts from: BERT-base uncased with its masked-LM head when the size says so (its jar is a
     * runtime dependency of the library),
     * else a small BERT pre-trained here on Brown with the bert-base-uncased vocabulary cut to {@code s.vocab()}.
     */
    public static Pretrained load(NDManager manager, OptimizationSettings s, Rng rng) throws IOException {
        if (s.bertBase()) {
            long t0 = System.nanoTime();
            org.tlnlp.models.Pretrained.BertMaskedLmModel base = org.tlnlp.models.Pretrained.bertBaseUncased(manager);
            MaskedLmScore held = MaskedLmScore.of(base.model(), manager, heldOut(Split.VALIDATION, Math.min(128,
                    s.heldPairs())), base.tokenizer(), s.pairLength(), 16, 99);
            Table curve = Table.create("BERT-base uncased on held-out Brown (validation documents), as loaded",
                    tech.tablesaw.api.DoubleColumn.create("mlm_loss", new double[] {held.loss()}),
                    tech.tablesaw.api.DoubleColumn.create("mlm_accuracy", new double[] {held.accuracy()}));
            return new Pretrained(base.model(), base.tokenizer(), curve, (System.nanoTime() - t0) / 1e9, 0);
        }
        return pretrain(manager, brownVocabulary(org.tlnlp.models.bert.MiniLM.tokenizer(), s.vocab()), s, rng);
    }

    /** Pre-trains a small BERT on Brown's training documents with the masked-LM objective alone. */
    public static Pretrained pretrain(NDManager manager, BertTokenizer tokenizer, OptimizationSettings s, Rng rng) {
        BertConfig config = new BertConfig(tokenizer.vocabulary().size(), s.hidden(), s.layers(), s.heads(),
                4 * s.hidden(), s.pairLength(), 2, 1e-12f, 0.1f);
        rng.seedEngine();
        BertPretraining model = new BertPretraining(new Bert(config), false);
        model.initialize(manager);
        List<SentencePairs.Pair> train = SentencePairs.nextSentence(BrownTasks.documents(Split.TRAIN), rng.random());
        List<SentencePairs.Pair> held = heldOut(Split.VALIDATION, Math.min(128, s.heldPairs()));
        SampledBatches<MlmNspBatch> batches = new SampledBatches<>(Math.max(1, s.pretrainSteps() / 5),
                rng.random().nextLong(), (m, r) -> {
                    List<SentencePairs.Pair> chosen = new ArrayList<>();
                    for (int i = 0; i < s.pretrainBatch(); i++) {
                        chosen.add(train.get(r.nextInt(train.size())));
                    }
                    return MlmNspBatch.of(m, chosen, tokenizer, s.pairLength(), r);
                });
        long t0 = System.nanoTime();
        // No next-sentence head: the pooler takes no part, and a parameter no loss reaches must not train.
        History h = TrainLoop.builder().recipe(Recipe.pretraining(s.pretrainRate()).withWarmup(0.1)).epochs(5)
                .group(ParamGroup.frozen("bert.pooler.*")).label("pre-training").logEvery(10).evaluation(round -> {
                    MaskedLmScore score = MaskedLmScore.of(model, manager, held, tokenizer, s.pairLength(), 64, 99);
                    return Map.of("mlm_loss", score.loss(), "mlm_accuracy", score.accuracy());
                }).build().fit(model, batches);
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Pretrained(model, tokenizer, Tables.epochs("Held-out masked LM (validation documents) after each "
                        + "fifth of pre-training", h, "train_loss=epoch_train_loss", "mlm_loss", "mlm_accuracy"), seconds,
                h.series("skipped_step").size());
    }

    /** {@code n} sentence pairs of a split's documents, the same ones at every call. */
    public static List<SentencePairs.Pair> heldOut(Split split, int n) {
        List<SentencePairs.Pair> all = SentencePairs.nextSentence(BrownTasks.documents(split), new java.util.Random(11));
        java.util.Collections.shuffle(all, new java.util.Random(12));
        return all.subList(0, Math.min(n, all.size()));
    }

    /** A new model in {@code manager} holding a copy of {@code source}'s weights (encoder and masked-LM head). */
    public static BertPretraining copy(BertPretraining source, NDManager manager) {
        BertPretraining copy = new BertPretraining(new Bert(source.bert().config()), false);
        copy.initialize(manager);
        try {
            Checkpoints.copy(source.namedParameters(), copy.namedParameters());
        } catch (IOException e) {
            throw new IllegalStateException("copying the pre-trained weights: " + e.getMessage(), e);
        }
        return copy;
    }

    /** The encoder's parameters a penalty or an analysis compares with their pre-trained values (no pooler). */
    static boolean encoder(String name) {
        return name.startsWith("bert.") && !name.startsWith("bert.pooler.");
    }
}
