package org.tlnlp.lesson07.lab;

import ai.djl.ndarray.NDManager;
import org.tlnlp.data.BrownCorpus;
import org.tlnlp.data.BrownTasks;
import org.tlnlp.data.SentencePairs;
import org.tlnlp.data.Split;
import org.tlnlp.engine.Rng;
import org.tlnlp.models.bert.Bert;
import org.tlnlp.models.bert.BertConfig;
import org.tlnlp.models.bert.BertPretraining;
import org.tlnlp.models.bert.MlmNspBatch;
import org.tlnlp.models.elmo.BiLanguageModel;
import org.tlnlp.models.elmo.BiLmBatch;
import org.tlnlp.models.elmo.Elmo;
import org.tlnlp.models.elmo.ElmoOptions;
import org.tlnlp.models.gpt2.Gpt2;
import org.tlnlp.models.gpt2.Gpt2Config;
import org.tlnlp.models.gpt2.LmBatch;
import org.tlnlp.models.gpt2.LmBatches;
import org.tlnlp.text.BertTokenizer;
import org.tlnlp.text.BpeTrainer;
import org.tlnlp.text.ByteLevelBpe;
import org.tlnlp.text.Vocabulary;
import org.tlnlp.train.History;
import org.tlnlp.train.Recipe;
import org.tlnlp.train.SampledBatches;
import org.tlnlp.train.TrainLoop;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The three small models of lessons 04 to 06, pre-trained on Brown's training documents with the same objectives
 * (ELMo: forward and backward LM; BERT: masked LM and next sentence; GPT-2: LM), smaller and shorter than those
 * labs train them: lesson 07 only needs them as contenders. Their pre-training curves are those labs' business.
 */
final class SmallModels {

    private SmallModels() {
    }

    /** What a pre-training run did, for the report. */
    record Run(String model, int steps, double seconds, double firstLoss, double lastLoss) {
        String line() {
            return String.format(Locale.ROOT, "| %s | %d | %.0f | %.2f | %.2f |", model, steps, seconds, firstLoss, lastLoss);
        }
    }

    record BrownBert(Bert bert, Run run) {
    }

    record BrownGpt2(Gpt2 model, ByteLevelBpe bpe, Run run) {
    }

    record BrownElmo(Elmo elmo, Run run) {
    }

    private static Run run(String model, History h, int steps, long t0) {
        var loss = h.series("train_loss");
        return new Run(model, steps, (System.nanoTime() - t0) / 1e9, loss.get(0).value(), loss.get(loss.size() - 1).value());
    }

    /** A 2-layer BERT with bert-base-uncased's vocabulary, masked LM + next sentence on Brown (lesson 05). */
    static BrownBert bert(NDManager m, BertTokenizer tokenizer, NluSettings s, Rng rng) {
        long t0 = System.nanoTime();
        int length = 64;
        BertConfig config = new BertConfig(tokenizer.vocabulary().size(), s.bertHidden(), 2, Math.max(1, s.bertHidden() / 64),
                4 * s.bertHidden(), Math.max(length, s.maxLength()), 2, 1e-12f, 0.1f);
        rng.seedEngine();
        BertPretraining model = new BertPretraining(new Bert(config), true);
        model.initialize(m);
        List<SentencePairs.Pair> pairs = SentencePairs.nextSentence(BrownTasks.documents(Split.TRAIN), rng.random());
        SampledBatches<MlmNspBatch> batches = new SampledBatches<>(s.bertSteps(), rng.random().nextLong(), (sm, r) -> {
            List<SentencePairs.Pair> chosen = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                chosen.add(pairs.get(r.nextInt(pairs.size())));
            }
            return MlmNspBatch.of(sm, chosen, tokenizer, length, r);
        });
        History h = TrainLoop.builder().recipe(Recipe.pretraining(1e-3).withWarmup(0.1)).epochs(1).label("Brown BERT")
                .logEvery(10).build().fit(model, batches);
        return new BrownBert(model.bert(), run("small BERT (masked LM + next sentence)", h, s.bertSteps(), t0));
    }

    /** A 2-block GPT-2 with a byte-level BPE learned from Brown, as a language model on Brown (lesson 06). */
    static BrownGpt2 gpt2(NDManager m, NluSettings s, Rng rng) {
        long t0 = System.nanoTime();
        List<BrownCorpus.Document> docs = BrownCorpus.load().documents(Split.TRAIN);
        ByteLevelBpe bpe = BpeTrainer.train(docs.stream().map(BrownTasks::text).toList(), s.gpt2Vocab());
        int[] stream = LmBatches.concatenate(docs.stream().map(d -> bpe.encode(BrownTasks.text(d))).toList(), bpe.endOfText());
        rng.seedEngine();
        Gpt2 gpt = Gpt2.create(new Gpt2Config(2, Math.max(1, s.gpt2Width() / 32), s.gpt2Width(), s.gpt2Context(), bpe.size(),
                1e-5f, 0f), m);
        SampledBatches<LmBatch> batches = new SampledBatches<>(s.gpt2Steps(), rng.random().nextLong(),
                (sm, r) -> LmBatches.randomWindows(sm, r, stream, s.gpt2Context() + 1, 16, bpe.endOfText()));
        History h = TrainLoop.builder().recipe(Recipe.pretraining(2.5e-3)).epochs(1).label("Brown GPT-2").logEvery(10)
                .build().fit(gpt, batches);
        return new BrownGpt2(gpt, bpe, run("small GPT-2 (language model)", h, s.gpt2Steps(), t0));
    }

    /** A 2-layer biLM with a character CNN, forward and backward LM on Brown's sentences (lesson 04). */
    static BrownElmo elmo(NDManager m, NluSettings s, Rng rng) {
        long t0 = System.nanoTime();
        List<List<String>> sentences = new ArrayList<>(BrownTasks.sentences(Split.TRAIN, 25));
        Vocabulary vocab = BiLmBatch.vocabulary(sentences, s.elmoVocab());
        int c = Math.max(8, s.elmoLstm() / 8);
        ElmoOptions options = new ElmoOptions(List.of(new ElmoOptions.Filter(1, c), new ElmoOptions.Filter(2, c),
                new ElmoOptions.Filter(3, 2 * c), new ElmoOptions.Filter(4, 4 * c)), 1, 16, "relu", s.elmoLstm(),
                s.elmoLstm() / 4, 2, 3f, 3f, true);
        rng.seedEngine();
        Elmo elmo = Elmo.create(options, 2, 0f, m);
        BiLanguageModel lm = new BiLanguageModel(elmo, vocab.size(), 0, rng.random().nextLong());
        lm.initialize(m);
        // Batches from a random stretch of the sentences sorted by length: the LSTM steps through the longest one.
        sentences.sort(Comparator.comparingInt(List::size));
        int pool = Math.min(sentences.size(), 8 * 32);
        SampledBatches<BiLmBatch> batches = new SampledBatches<>(s.elmoSteps(), rng.random().nextLong(), (sm, r) -> {
            int from = r.nextInt(sentences.size() - pool + 1);
            List<List<String>> chosen = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                chosen.add(sentences.get(from + r.nextInt(pool)));
            }
            return BiLmBatch.of(sm, chosen, vocab);
        });
        History h = TrainLoop.builder().recipe(Recipe.pretraining(2e-3)).epochs(1).label("Brown ELMo").logEvery(10)
                .build().fit(lm, batches);
        return new BrownElmo(elmo, run("small ELMo (forward + backward LM)", h, s.elmoSteps(), t0));
    }
}
