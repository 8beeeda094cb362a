package org.tlnlp.lesson07.lab;

import ai.djl.ndarray.NDManager;
import org.tlnlp.analysis.TestAccuracy;
import org.tlnlp.analysis.layers.BertLayers;
import org.tlnlp.analysis.layers.BrownSample;
import org.tlnlp.analysis.layers.LayerSimilarity;
import org.tlnlp.analysis.layers.LayerStates;
import org.tlnlp.data.BrownTasks;
import org.tlnlp.data.Split;
import org.tlnlp.engine.Rng;
import org.tlnlp.models.bert.Bert;
import org.tlnlp.models.bert.BertClassifier;
import org.tlnlp.models.bert.ClassificationBatches;
import org.tlnlp.models.bert.MiniLM;
import org.tlnlp.text.BertTokenizer;
import org.tlnlp.text.Encoding;
import org.tlnlp.train.Recipe;
import org.tlnlp.train.TrainLoop;

import java.util.List;
import java.util.Random;

/**
 * Which layers fine-tuning moves: MiniLM as loaded and MiniLM fine-tuned end to end to tell the genre of a passage,
 * compared layer by layer with linear CKA on the same sample words. Merchant et al. (2020, "What Happens To BERT
 * Embeddings During Fine-tuning?") found, with the same measure, that fine-tuning changes mostly the top layers.
 */
final class FineTunedSimilarity {

    private FineTunedSimilarity() {
    }

    /** CKA per layer between the two, and the fine-tuned classifier's genre accuracy (so the change is a real one). */
    record Result(List<String> layers, double[] cka, TestAccuracy accuracy) {
    }

    static Result run(BrownSample sample, LayerEvolutionSettings s, Rng rng) throws Exception {
        BertTokenizer tok = MiniLM.tokenizer();
        Random r = rng.random();
        List<BrownTasks.GenrePassage> train = BrownTasks.genrePassages(Split.TRAIN, 3, s.finePerGenre(), r);
        List<BrownTasks.GenrePassage> test = BrownTasks.genrePassages(Split.TEST, 3, Math.max(2, s.finePerGenre() / 3), r);
        try (NDManager m = org.tlnlp.engine.Engines.newManager()) {
            Bert before = MiniLM.load(m);
            Bert after = MiniLM.load(m);
            rng.seedEngine();
            BertClassifier clf = new BertClassifier(after, BrownTasks.GENRES.size(), BertClassifier.Pooling.MEAN);
            clf.initialize(m);
            ClassificationBatches batches = batches(tok, train, 16, rng.split("batches"));
            TrainLoop.builder().recipe(Recipe.fineTuning(5e-5)).epochs(s.fineEpochs()).label("MiniLM genre")
                    .logEvery(10).build().fit(clf, batches);
            TestAccuracy accuracy = TestAccuracy.of(test.stream().mapToInt(BrownTasks.GenrePassage::label).toArray())
                    .add(clf.predict(m, batches(tok, test, 16, rng.split("test")), 16));
            long[] rows = LayerSimilarity.rows(sample.words(), s.ckaRows(), rng.split("rows"));
            try (LayerStates a = new BertLayers("MiniLM", before, tok, 128).extract(sample, 32);
                 LayerStates b = new BertLayers("MiniLM fine-tuned", after, tok, 128).extract(sample, 32)) {
                return new Result(a.names(), LayerSimilarity.matched(a, b, rows), accuracy);
            }
        }
    }

    private static ClassificationBatches batches(BertTokenizer tok, List<BrownTasks.GenrePassage> passages, int batch, Rng rng) {
        List<Encoding> enc = passages.stream().map(p -> tok.encode(p.text(), null, 128)).toList();
        return new ClassificationBatches(enc, passages.stream().mapToInt(BrownTasks.GenrePassage::label).toArray(), batch,
                tok.id(BertTokenizer.PAD), rng);
    }
}
