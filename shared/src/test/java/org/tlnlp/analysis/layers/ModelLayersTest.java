package org.tlnlp.analysis.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.models.bert.Bert;
import org.tlnlp.models.bert.BertConfig;
import org.tlnlp.models.bert.BertInput;
import org.tlnlp.models.bert.MiniLM;
import org.tlnlp.models.elmo.Elmo;
import org.tlnlp.models.elmo.ElmoFeatures;
import org.tlnlp.models.elmo.ElmoOptions;
import org.tlnlp.models.gpt2.Gpt2;
import org.tlnlp.models.gpt2.Gpt2Config;
import org.tlnlp.models.gpt2.MaskedLm;
import org.tlnlp.text.BertTokenizer;
import org.tlnlp.text.BpeTrainer;
import org.tlnlp.text.ByteLevelBpe;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The course's models as stacks of word vectors: each row is the model's own hidden state at the word's chosen piece
 * (computed here directly, one sentence at a time), whatever the batch and its padding; corrupted input keeps only the
 * corrupted words, labelled with what the model saw and what it must predict.
 */
class ModelLayersTest {

    static final BrownSample SAMPLE = BrownSample.heldOut(120, 15);

    private static float[] row(LayerStates s, int layer, int row, NDManager m) {
        return s.layer(layer, new long[] {row}, m).toFloatArray();
    }

    @Test
    void bertRowsAreTheFirstPieceOfEachWordWhateverTheBatch() {
        BertTokenizer tok = MiniLM.tokenizer();
        try (NDManager m = Engines.newManager()) {
            new Rng(1).seedEngine();
            Bert bert = Bert.create(new BertConfig(tok.vocabulary().size(), 16, 2, 2, 32, 64, 2, 1e-12f, 0f), m);
            BertLayers layers = new BertLayers("tiny BERT", bert, tok, 64);
            assertEquals(List.of("embeddings", "layer 1", "layer 2"), layers.layerNames());
            try (LayerStates one = layers.extract(SAMPLE, 1); LayerStates many = layers.extract(SAMPLE, 7)) {
                assertEquals(SAMPLE.words(), one.rows());
                for (int l = 0; l < 3; l++) {
                    assertArrayEquals(one.layer(l, m).toFloatArray(), many.layer(l, m).toFloatArray(), 1e-4f,
                            "padding changes nothing, layer " + l);
                }
                // Directly: the second sentence alone, [CLS] pieces [SEP]; its words' first pieces.
                BrownSample.Sentence s = SAMPLE.sentences().get(1);
                List<Integer> ids = new ArrayList<>(List.of(tok.id(BertTokenizer.CLS)));
                List<Integer> first = new ArrayList<>();
                for (String w : s.words()) {
                    first.add(ids.size());
                    tok.tokenize(w).forEach(p -> ids.add(tok.id(p)));
                }
                ids.add(tok.id(BertTokenizer.SEP));
                long[] idArray = ids.stream().mapToLong(Integer::longValue).toArray();
                Shape shape = new Shape(1, idArray.length);
                NDArray top = bert.infer(new BertInput(m.create(idArray, shape), m.zeros(shape, ai.djl.ndarray.types.DataType.INT64),
                        m.ones(shape, ai.djl.ndarray.types.DataType.INT64)), true).hiddenStates().get(2);
                for (int w = 0; w < s.words().size(); w++) {
                    assertArrayEquals(top.get(0).get(first.get(w)).toFloatArray(), row(one, 2, SAMPLE.start(1) + w, m), 1e-4f,
                            "word " + w + " of sentence 1");
                }
            }
        }
    }

    @Test
    void gpt2RowsAreTheLastPieceForALanguageModelAndTheFirstForAMaskedOne() {
        ByteLevelBpe bpe = BpeTrainer.train(SAMPLE.sentences().stream().map(x -> String.join(" ", x.words())).toList(), 300);
        MaskedLm objective = new MaskedLm(bpe.size(), bpe.endOfText());
        try (NDManager m = Engines.newManager()) {
            new Rng(2).seedEngine();
            Gpt2Config config = new Gpt2Config(2, 2, 8, 64, bpe.size() + 1, 1e-5f, 0f);
            Gpt2 lm = Gpt2.create(config, m);
            new Rng(2).seedEngine();
            Gpt2 mlm = Gpt2.create(config, m).withAttention(objective.attention());
            assertArrayEquals(lm.tokenEmbeddings().getArray().toFloatArray(), mlm.tokenEmbeddings().getArray().toFloatArray(),
                    "the same seed, the same initialisation");
            Gpt2Layers causal = Gpt2Layers.causal("LM", lm, bpe);
            Gpt2Layers masked = Gpt2Layers.masked("MLM", mlm, bpe, objective);
            BrownSample.Sentence s = SAMPLE.sentences().get(0);
            List<Integer> ids = new ArrayList<>();
            List<int[]> spans = new ArrayList<>();
            for (int w = 0; w < s.words().size(); w++) {
                int from = ids.size();
                for (int id : bpe.encode(w == 0 ? s.words().get(w) : " " + s.words().get(w))) {
                    ids.add(id);
                }
                spans.add(new int[] {from, ids.size()});
            }
            NDArray x = m.create(ids.stream().mapToLong(Integer::longValue).toArray(), new Shape(1, ids.size()));
            ParameterStore store = new ParameterStore(m, false);
            try (LayerStates a = causal.extract(SAMPLE, 1); LayerStates b = causal.extract(SAMPLE, 5);
                 LayerStates c = masked.extract(SAMPLE, 1); LayerStates d = masked.extract(SAMPLE, 5)) {
                assertArrayEquals(a.layer(2, m).toFloatArray(), b.layer(2, m).toFloatArray(), 1e-4f, "LM: padding changes nothing");
                assertArrayEquals(c.layer(2, m).toFloatArray(), d.layer(2, m).toFloatArray(), 1e-4f,
                        "MLM: padding is masked out of bidirectional attention");
                NDArray lmTop = lm.forward(store, x, null, false, true).hiddenStates().get(2);
                NDArray mlmTop = mlm.forward(store, x, null, false, true).hiddenStates().get(2);
                for (int w = 0; w < spans.size(); w++) {
                    assertArrayEquals(lmTop.get(0).get(spans.get(w)[1] - 1).toFloatArray(), row(a, 2, w, m), 1e-4f, "LM word " + w);
                    assertArrayEquals(mlmTop.get(0).get(spans.get(w)[0]).toFloatArray(), row(c, 2, w, m), 1e-4f, "MLM word " + w);
                }
                assertNotEquals(row(a, 2, 0, m)[0], row(c, 2, 0, m)[0], "the masked twin's first word sees the words after it");
            }
        }
    }

    @Test
    void elmoRowsAreItsThreeLayersPerWord() {
        try (NDManager m = Engines.newManager()) {
            new Rng(3).seedEngine();
            ElmoOptions o = new ElmoOptions(List.of(new ElmoOptions.Filter(1, 4), new ElmoOptions.Filter(2, 4)), 1, 4,
                    "relu", 8, 4, 2, 3f, 3f, true);
            Elmo elmo = Elmo.create(o, 1, 0f, m);
            ElmoLayers layers = new ElmoLayers("tiny ELMo", elmo);
            List<List<String>> sentences = SAMPLE.sentences().stream().map(BrownSample.Sentence::words).toList();
            float[][] reference = ElmoFeatures.tokens(elmo, sentences, new int[] {0, 1, 2}, 4);
            try (LayerStates s = layers.extract(SAMPLE, 3)) {
                assertEquals(List.of("token encoder", "biLSTM 1", "biLSTM 2"), s.names());
                assertEquals(reference.length, s.rows());
                for (int l = 0; l < 3; l++) {
                    float[][] got = s.hostRows(l, java.util.stream.LongStream.range(0, s.rows()).toArray());
                    for (int i = 0; i < got.length; i++) {
                        assertArrayEquals(java.util.Arrays.copyOfRange(reference[i], l * 8, (l + 1) * 8), got[i], 1e-5f);
                    }
                }
                LayerStates forward = layers.forwardHalf(s);
                assertEquals(4, forward.dim(1));
                assertArrayEquals(java.util.Arrays.copyOfRange(reference[5], 8, 12), forward.hostRows(1, new long[] {5})[0], 1e-5f);
            }
        }
    }

    @Test
    void corruptedInputKeepsOnlyWordsWhoseInputDiffersFromTheOutput() {
        BertTokenizer tok = MiniLM.tokenizer();
        try (NDManager m = Engines.newManager()) {
            new Rng(4).seedEngine();
            Bert bert = Bert.create(new BertConfig(tok.vocabulary().size(), 16, 1, 2, 32, 64, 2, 1e-12f, 0f), m);
            BertLayers layers = new BertLayers("tiny BERT", bert, tok, 64);
            WordCorruption corruption = WordCorruption.bert(4, 5);
            try (ModelLayers.Corrupted c = layers.extractCorrupted(SAMPLE, corruption, 4)) {
                int n = c.states().rows();
                assertTrue(n > 0.4 * 0.9 * 0.15 * 4 * SAMPLE.words() && n < 1.6 * 0.9 * 0.15 * 4 * SAMPLE.words(),
                        "about 90% of 15% of the words in each of 4 passes: " + n);
                int[] types = SAMPLE.types();
                int masked = 0;
                for (int i = 0; i < n; i++) {
                    assertEquals(types[c.sampleRows()[i]], c.outputTypes()[i], "the output label is the original word");
                    assertNotEquals(c.outputTypes()[i], c.inputTypes()[i], "input and output differ");
                    masked += c.inputTypes()[i] == ModelLayers.Corrupted.MASKED ? 1 : 0;
                }
                assertTrue(masked > 0.7 * n, "eight in nine of the kept words are masked: " + masked + " of " + n);
            }
            // The same seed corrupts the same words for every model.
            assertEquals(corruption.corrupt(SAMPLE), corruption.corrupt(SAMPLE));
        }
    }
}
