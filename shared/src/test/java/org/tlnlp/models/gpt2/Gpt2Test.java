package org.tlnlp.models.gpt2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.io.CheckpointException;
import org.tlnlp.io.Checkpoints;
import org.tlnlp.io.SafeTensors;
import org.tlnlp.lab.LabReport;
import org.tlnlp.models.LanguageModeling;
import org.tlnlp.models.Pretrained;
import org.tlnlp.text.BpeTrainer;
import org.tlnlp.text.ByteLevelBpe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The course's GPT-2 against GPT-2 written with PyTorch's own modules ({@code tools/reference/gpt2_torch.py}):
 * a checkpoint the script wrote in Hugging Face's layout loads through {@code fromPretrained} and gives the
 * script's logits and hidden states. Also: the KV cache changes nothing, checkpoints round-trip, bad files
 * fail with the tensor's name and both shapes.
 */
class Gpt2Test {

    static final Path FIXTURE = LabReport.repositoryRoot().resolve("testdata/gpt2-tiny");
    static final double TOLERANCE = 1e-4;

    @TempDir
    Path dir;

    /** The fixture's checkpoint plus a 512-id tokenizer (the model's vocabulary size) in a folder of its own. */
    Path fixtureFolder() throws IOException {
        Files.copy(FIXTURE.resolve("config.json"), dir.resolve("config.json"));
        Files.copy(FIXTURE.resolve("model.safetensors"), dir.resolve("model.safetensors"));
        BpeTrainer.train(List.of("the jury said that the city of Atlanta had done well"), 512).save(dir);
        return dir;
    }

    static double maxAbsDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length, "sizes");
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }

    @Test
    void matchesPyTorchOnTheFixture() throws IOException {
        try (NDManager m = Engines.newManager()) {
            Pretrained.Gpt2Model loaded = Pretrained.gpt2(fixtureFolder(), m);
            Map<String, NDArray> expected = SafeTensors.load(FIXTURE.resolve("expected.safetensors"), m);
            Gpt2 model = loaded.model();
            assertEquals(new Gpt2Config(2, 4, 64, 32, 512, 1e-5f, 0f), model.config());
            Gpt2.Output out = model.forward(new ParameterStore(m, false), expected.get("input_ids"), null, false, true);
            double logits = maxAbsDiff(expected.get("logits").toFloatArray(), out.logits().toFloatArray());
            assertTrue(logits < TOLERANCE, "logits differ from PyTorch's by up to " + logits);
            for (int i = 0; i <= 2; i++) {
                double h = maxAbsDiff(expected.get("hidden_" + i).toFloatArray(), out.hiddenStates().get(i).toFloatArray());
                assertTrue(h < TOLERANCE, "hidden state " + i + " differs by up to " + h);
            }
        }
    }

    @Test
    void theTransformerPrefixIsAcceptedToo() throws IOException {
        try (NDManager m = Engines.newManager()) {
            Path folder = fixtureFolder();
            Map<String, NDArray> tensors = SafeTensors.load(folder.resolve("model.safetensors"), m);
            Map<String, NDArray> prefixed = new LinkedHashMap<>();
            tensors.forEach((k, v) -> prefixed.put("transformer." + k, v));
            prefixed.put("lm_head.weight", tensors.get("wte.weight"));
            SafeTensors.save(folder.resolve("model.safetensors"), prefixed, Map.of("format", "pt"));
            Map<String, NDArray> expected = SafeTensors.load(FIXTURE.resolve("expected.safetensors"), m);
            Gpt2 model = Pretrained.gpt2(folder, m).model();
            NDArray logits = model.forward(new ParameterStore(m, false), expected.get("input_ids"), null, false, false).logits();
            assertTrue(maxAbsDiff(expected.get("logits").toFloatArray(), logits.toFloatArray()) < TOLERANCE);
        }
    }

    @Test
    void theKvCacheGivesTheSameLogitsAsRecomputing() throws IOException {
        try (NDManager m = Engines.newManager()) {
            Gpt2 model = Pretrained.gpt2(fixtureFolder(), m).model();
            ParameterStore s = new ParameterStore(m, false);
            NDArray ids = SafeTensors.load(FIXTURE.resolve("expected.safetensors"), m).get("input_ids");
            float[] full = model.forward(s, ids, null, false, false).logits().toFloatArray();
            // A prompt of 8 positions, then the other 12 one at a time.
            Gpt2.Output o = model.forward(s, ids.get(":, 0:8"), null, false, false);
            NDList pieces = new NDList(o.logits());
            Gpt2.KvCache cache = o.cache();
            for (int t = 8; t < 20; t++) {
                o = model.forward(s, ids.get(":, " + t + ":" + (t + 1)), cache, false, false);
                assertEquals(t + 1, o.cache().length());
                cache = o.cache();
                pieces.add(o.logits());
            }
            float[] cached = ai.djl.ndarray.NDArrays.concat(pieces, 1).toFloatArray();
            double diff = maxAbsDiff(full, cached);
            assertTrue(diff <= 1e-5, "logits with the cache differ from a full recomputation by " + diff);
        }
    }

    @Test
    void generationIsTheSameWithAndWithoutTheCacheAndRepeatable() throws IOException {
        try (NDManager m = Engines.newManager()) {
            Gpt2 model = Pretrained.gpt2(fixtureFolder(), m).model();
            int[] prompt = {5, 17, 300};
            int[] a = model.generate(m, prompt, 20, Sampling.greedy(), new Random(1), -1, true);
            int[] b = model.generate(m, prompt, 20, Sampling.greedy(), new Random(1), -1, false);
            assertArrayEquals(b, a, "greedy decoding with and without the cache");
            assertEquals(20, a.length);
            Sampling topP = Sampling.topP(0.9, 1.0);
            assertArrayEquals(model.generate(m, prompt, 15, topP, new Random(3), -1, true),
                    model.generate(m, prompt, 15, topP, new Random(3), -1, true), "same seed, same sample");
            // Asking for more than the context (32) holds is an error, not a silently shorter result.
            assertEquals(32 - 3, model.generate(m, prompt, 32 - 3, Sampling.greedy(), new Random(1), -1, true).length);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.generate(m, prompt, 100, Sampling.greedy(), new Random(1), -1, true));
            assertTrue(e.getMessage().contains("a prompt of 3 tokens and 100 new ones exceed the context of 32 tokens: "
                    + "ask for at most 29 new tokens"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> model.generate(m, new int[] {5, 600}, 3, Sampling.greedy(), new Random(1), -1, true));
            assertTrue(e.getMessage().contains("id 600, is outside the vocabulary of 512 ids"), e.getMessage());
            // The stop token ends early.
            int[] stopped = model.generate(m, prompt, 20, Sampling.greedy(), new Random(1), a[4], true);
            assertEquals(a[4], stopped[stopped.length - 1]);
            assertTrue(stopped.length <= 5);
        }
    }

    @Test
    void aSavedModelLoadsBackWithTheSameLogits() throws IOException {
        try (NDManager m = Engines.newManager()) {
            new Rng(4).seedEngine();
            ByteLevelBpe bpe = BpeTrainer.train(List.of("a small corpus, a small vocabulary"), 300);
            Gpt2Config c = new Gpt2Config(2, 2, 16, 24, 300, 1e-5f, 0.1f);
            Gpt2 original = Gpt2.create(c, m);
            Pretrained.save(original, bpe, dir);
            Pretrained.Gpt2Model loaded = Pretrained.gpt2(dir, m);
            assertEquals(c, loaded.model().config());
            int[] ids = bpe.encode("a small corpus");
            assertArrayEquals(ids, loaded.tokenizer().encode("a small corpus"));
            NDArray x = m.create(ids).toType(DataType.INT64, false).reshape(1, ids.length);
            ParameterStore s = new ParameterStore(m, false);
            assertArrayEquals(original.forward(s, x, null, false, false).logits().toFloatArray(),
                    loaded.model().forward(s, x, null, false, false).logits().toFloatArray());
            // Conv1D weights are stored (in, out), as Hugging Face stores them.
            assertEquals(new ai.djl.ndarray.types.Shape(16, 48),
                    SafeTensors.readHeader(dir.resolve("model.safetensors")).tensors().get("h.0.attn.c_attn.weight").shape());
        }
    }

    @Test
    void withoutTokenizerFilesGpt2sOwnIsUsed() throws IOException {
        try (NDManager m = Engines.newManager()) {
            Gpt2 tiny = Gpt2.create(new Gpt2Config(1, 1, 4, 8, 50257, 1e-5f, 0f), m);
            Files.writeString(dir.resolve("config.json"), tiny.config().toJson());
            Checkpoints.save(tiny.namedParameters(), dir.resolve("model.safetensors"), Map.of());
            assertSame(ByteLevelBpe.r50k(), Pretrained.gpt2(dir, m).tokenizer());
        }
    }

    @Test
    void aWrongShapeNamesTheTensorAndBothShapes() throws IOException {
        try (NDManager m = Engines.newManager()) {
            Path folder = fixtureFolder();
            // A config whose MLP is right but whose vocabulary is not: wte cannot fit.
            Files.writeString(folder.resolve("config.json"), new Gpt2Config(2, 4, 64, 32, 600, 1e-5f, 0f).toJson());
            CheckpointException e = assertThrows(CheckpointException.class, () -> Pretrained.gpt2(folder, m));
            assertTrue(e.getMessage().contains("tensor 'wte.weight' has shape (512, 64) but the model's 'wte.weight' "
                    + "expects (600, 64)"), e.getMessage());
            Files.copy(FIXTURE.resolve("config.json"), folder.resolve("config.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Map<String, NDArray> tensors = SafeTensors.load(folder.resolve("model.safetensors"), m);
            tensors.put("h.1.mlp.c_fc.weight", tensors.get("h.1.mlp.c_fc.weight").transpose());
            SafeTensors.save(folder.resolve("model.safetensors"), tensors, Map.of());
            e = assertThrows(CheckpointException.class, () -> Pretrained.gpt2(folder, m));
            assertTrue(e.getMessage().contains("'h.1.mlp.c_fc.weight' has shape (256, 64) but the model's "
                    + "'h.1.mlp.c_fc.weight' expects (64, 256) (stored transposed: in, out)"), e.getMessage());
            tensors.remove("h.1.mlp.c_fc.weight");
            SafeTensors.save(folder.resolve("model.safetensors"), tensors, Map.of());
            e = assertThrows(CheckpointException.class, () -> Pretrained.gpt2(folder, m));
            assertTrue(e.getMessage().contains("the file lacks 1 of the model's tensors: [h.1.mlp.c_fc.weight (64, 256)]"),
                    e.getMessage());
        }
    }

    @Test
    void anIdOutsideTheVocabularyIsNamedWithTheTableSize() throws IOException {
        try (NDManager m = Engines.newManager()) {
            Gpt2 model = Pretrained.gpt2(fixtureFolder(), m).model();
            NDArray ids = m.create(new long[] {3, 7, 512, 1}, new ai.djl.ndarray.types.Shape(1, 4));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.forward(new ParameterStore(m, false), ids, null, false, false));
            assertTrue(e.getMessage().contains("id 512 (element 2 of the ids (1, 4)) is outside the table of 512 rows"),
                    e.getMessage());
        }
    }

    @Test
    void samplingFilters() {
        float[] logits = {1f, 3f, 2f, 0f};
        assertArrayEquals(new float[] {Float.NEGATIVE_INFINITY, 3f, 2f, Float.NEGATIVE_INFINITY},
                Sampling.filterTopK(logits, 2));
        // softmax(1, 3, 2, 0) = (0.087, 0.644, 0.237, 0.032): the nucleus of p = 0.8 is {3, 2}.
        assertArrayEquals(new float[] {Float.NEGATIVE_INFINITY, 3f, 2f, Float.NEGATIVE_INFINITY},
                Sampling.filterTopP(logits, 0.8));
        assertArrayEquals(new float[] {Float.NEGATIVE_INFINITY, 3f, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY},
                Sampling.filterTopP(logits, 0.5));
        assertEquals(1, Sampling.greedy().choose(logits, new Random(0)));
        int[] counts = new int[4];
        Random r = new Random(0);
        for (int i = 0; i < 10_000; i++) {
            counts[Sampling.topK(2, 1.0).choose(logits, r)]++;
        }
        assertEquals(0, counts[0] + counts[3]);
        // p(1) / (p(1) + p(2)) = e / (e + 1) = 0.731
        assertEquals(0.731, counts[1] / 10_000.0, 0.02);
    }

    @Test
    void causalMaskAndLmLoss() {
        try (NDManager m = Engines.newManager()) {
            float M = org.tlnlp.nn.Attention.MASKED;
            assertArrayEquals(new float[] {0, M, M, 0, 0, M, 0, 0, 0}, Gpt2.causalMask(m, 3, 3).toFloatArray(), 0f);
            // Two new queries after three cached positions see 0..3 and 0..4.
            assertArrayEquals(new float[] {0, 0, 0, 0, M, 0, 0, 0, 0, 0}, Gpt2.causalMask(m, 2, 5).toFloatArray(), 0f);
            // Uniform logits over 4 tokens: the loss is log 4 whatever the targets.
            NDArray logits = m.zeros(new ai.djl.ndarray.types.Shape(2, 3, 4));
            NDArray targets = m.create(new long[] {0, 1, 2, 3, 0, 1}, new ai.djl.ndarray.types.Shape(2, 3));
            NDArray mask = m.create(new float[] {1, 1, 1, 1, 0, 0}, new ai.djl.ndarray.types.Shape(2, 3));
            float loss = LanguageModeling.maskedMean(LanguageModeling.tokenNll(logits, targets), mask).getFloat();
            assertEquals(Math.log(4), loss, 1e-5);
        }
    }
}
