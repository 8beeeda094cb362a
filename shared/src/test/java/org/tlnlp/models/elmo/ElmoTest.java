package org.tlnlp.models.elmo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.io.CheckpointException;
import org.tlnlp.io.SafeTensors;
import org.tlnlp.lab.LabReport;
import org.tlnlp.text.ElmoCharacters;
import org.tlnlp.text.Vocabulary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ELMo's character ids against the published scheme, and the whole model against an independent PyTorch
 * computation ({@code tools/reference/elmo_torch.py}) on a small model stored in the published
 * options.json + weights.hdf5 layout ({@code testdata/elmo-tiny}).
 */
class ElmoTest {

    static final Path FIXTURE = LabReport.repositoryRoot().resolve("testdata/elmo-tiny");
    static final List<List<String>> LECTURE = List.of(List.of("First", "sentence", ".", "custom", "service"),
            List.of("Another", "."));

    static int[] padded(int... head) {
        int[] out = new int[50];
        Arrays.fill(out, 261);
        System.arraycopy(head, 0, out, 0, head.length);
        return out;
    }

    @Test
    void characterIdsAsPublished() {
        // Begin-of-word 258 + 1, the UTF-8 bytes + 1, end-of-word 259 + 1, padding 260 + 1.
        assertArrayEquals(padded(259, 71, 106, 115, 116, 117, 260), ElmoCharacters.ids("First"));
        assertArrayEquals(padded(259, 47, 260), ElmoCharacters.ids("."));
        // "naïve": ï is the two bytes 0xC3 0xAF.
        assertArrayEquals(padded(259, 111, 98, 196, 176, 119, 102, 260), ElmoCharacters.ids("naïve"));
        int[] longWord = ElmoCharacters.ids("x".repeat(60) + "é");
        assertEquals(259, longWord[0]);
        for (int i = 1; i <= 48; i++) {
            assertEquals('x' + 1, longWord[i], "an over-long word keeps its first 48 bytes");
        }
        assertEquals(260, longWord[49]);
        assertArrayEquals(padded(259, 257, 260), ElmoCharacters.boundary(true));
        assertArrayEquals(padded(259, 258, 260), ElmoCharacters.boundary(false));
        // <S> and </S> in the text are the boundaries, as in AllenNLP's batch_to_ids, not the bytes < S > ...
        assertArrayEquals(padded(259, 257, 260), ElmoCharacters.ids("<S>"));
        assertArrayEquals(padded(259, 258, 260), ElmoCharacters.ids("</S>"));
        assertArrayEquals(padded(259, 61, 116, 63, 260), ElmoCharacters.ids("<s>"), "only the exact tokens");
        int[] withBoundaries = ElmoCharacters.batchToIds(List.of(List.of("<S>", "Another", ".", "</S>")));
        assertArrayEquals(ElmoCharacters.boundary(true), Arrays.copyOfRange(withBoundaries, 0, 50));
        assertArrayEquals(ElmoCharacters.boundary(false), Arrays.copyOfRange(withBoundaries, 150, 200));

        int[] batch = ElmoCharacters.batchToIds(LECTURE);
        assertEquals(2 * 5 * 50, batch.length, "shape (2, 5, 50)");
        assertArrayEquals(ElmoCharacters.ids("custom"), Arrays.copyOfRange(batch, 3 * 50, 4 * 50));
        assertArrayEquals(new int[3 * 50], Arrays.copyOfRange(batch, 7 * 50, 10 * 50), "padding tokens are all 0");
    }

    @Test
    void characterIdsMatchTheReferenceScript() throws IOException {
        try (NDManager m = Engines.newManager()) {
            Map<String, NDArray> expected = SafeTensors.load(FIXTURE.resolve("expected.safetensors"), m);
            assertEquals(new Shape(2, 5, 50), expected.get("character_ids").getShape());
            assertArrayEquals(expected.get("character_ids").toType(ai.djl.ndarray.types.DataType.INT32, false).toIntArray(),
                    ElmoCharacters.batchToIds(LECTURE));
            assertArrayEquals(expected.get("odd_character_ids").toType(ai.djl.ndarray.types.DataType.INT32, false).toIntArray(),
                    ElmoCharacters.batchToIds(List.of(List.of("naïve", "Ångström", "x".repeat(60) + "é"))));
        }
    }

    @Test
    void publishedLayoutLoadsAndMatchesPyTorch() throws IOException {
        try (NDManager m = Engines.newManager()) {
            Elmo elmo = Elmo.load(FIXTURE.resolve("options.json"), FIXTURE.resolve("weights.hdf5"), 2, 0f, m);
            Map<String, NDArray> expected = SafeTensors.load(FIXTURE.resolve("expected.safetensors"), m);
            for (String prefix : List.of("", "odd_")) {
                NDArray ids = m.create(ElmoCharacters.batchToIds(prefix.isEmpty() ? LECTURE
                                : List.of(List.of("naïve", "Ångström", "x".repeat(60) + "é"))),
                        expected.get(prefix + "character_ids").getShape());
                Elmo.Output out = elmo.forward(new ParameterStore(m, false), ids, false);
                assertEquals(3, out.layers().size());
                for (int i = 0; i < 3; i++) {
                    NDArray e = expected.get(prefix + "layer_" + i);
                    assertEquals(e.getShape(), out.layers().get(i).getShape());
                    double diff = e.sub(out.layers().get(i)).abs().max().getFloat();
                    assertTrue(diff < 1e-4, prefix + "layer " + i + " differs from PyTorch's by " + diff);
                }
                if (prefix.isEmpty()) {
                    assertEquals(2, out.representations().size(), "the lecture's Elmo(..., 2, ...) gives two mixes");
                    assertEquals(new Shape(2, 5, 16), out.representations().get(0).getShape());
                    assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 1, 0, 0, 0}, out.mask().toFloatArray());
                    // Untrained mixes weigh the layers equally: s = softmax(0) = 1/3, gamma = 1.
                    NDArray mean = out.layers().get(0).add(out.layers().get(1)).add(out.layers().get(2)).div(3f);
                    assertTrue(mean.sub(out.representations().get(1)).abs().max().getFloat() < 1e-5);
                }
            }
        }
    }

    @Test
    void aWrongOrMissingDatasetIsNamedWithBothShapes(@TempDir Path dir) throws IOException {
        try (NDManager m = Engines.newManager()) {
            ElmoOptions o = ElmoOptions.fromJson(FIXTURE.resolve("options.json"));
            ElmoOptions narrower = new ElmoOptions(o.filters(), o.highway(), o.charDim(), o.activation(), o.lstmDim(), 6,
                    o.layers(), o.cellClip(), o.projClip(), o.skip());
            Files.writeString(dir.resolve("options.json"), narrower.toJson());
            CheckpointException e = assertThrows(CheckpointException.class,
                    () -> Elmo.load(dir.resolve("options.json"), FIXTURE.resolve("weights.hdf5"), 1, 0f, m));
            assertTrue(e.getMessage().contains("weights.hdf5: tensor 'CNN_proj/W_proj' has shape (20, 8) but the model's "
                    + "'CNN_proj/W_proj' expects (20, 6)"), e.getMessage());
            ElmoOptions deeper = new ElmoOptions(o.filters(), 3, o.charDim(), o.activation(), o.lstmDim(),
                    o.projectionDim(), o.layers(), o.cellClip(), o.projClip(), o.skip());
            Files.writeString(dir.resolve("options.json"), deeper.toJson());
            e = assertThrows(CheckpointException.class,
                    () -> Elmo.load(dir.resolve("options.json"), FIXTURE.resolve("weights.hdf5"), 1, 0f, m));
            assertTrue(e.getMessage().contains("the file lacks 4 of the model's tensors: [CNN_high_2/W_carry (20, 20), "
                    + "CNN_high_2/b_carry (20), CNN_high_2/W_transform (20, 20), CNN_high_2/b_transform (20)]"), e.getMessage());
            assertEquals(o, ElmoOptions.fromJson(writeAndRead(dir, o)), "options survive toJson / fromJson");
        }
    }

    static Path writeAndRead(Path dir, ElmoOptions o) throws IOException {
        Path p = dir.resolve("again.json");
        Files.writeString(p, o.toJson());
        return p;
    }

    @Test
    void scalarMixWithLayerNormUsesOnlyTheTokens() {
        try (NDManager m = Engines.newManager()) {
            org.tlnlp.nn.ScalarMix mix = new org.tlnlp.nn.ScalarMix(1, true);
            mix.initialize(m);
            // Two sentences of 3 positions, the second with one token: padding must not move mean or variance.
            NDArray h = m.create(new float[] {1, 3, 5, 7, 9, 11, 2, 4, 100, 200, 300, 400}, new Shape(2, 3, 2));
            NDArray mask = m.create(new float[] {1, 1, 1, 1, 0, 0}, new Shape(2, 3, 1));
            float[] out = mix.forward(new ParameterStore(m, false), List.of(h), mask, false).mul(mask).toFloatArray();
            double[] tokens = {1, 3, 5, 7, 9, 11, 2, 4};
            double mean = Arrays.stream(tokens).average().orElseThrow();
            double sd = Math.sqrt(Arrays.stream(tokens).map(x -> (x - mean) * (x - mean)).sum() / tokens.length);
            for (int i = 0; i < tokens.length; i++) {
                assertEquals((tokens[i] - mean) / sd, out[i], 1e-5, "element " + i);
            }
        }
    }

    @Test
    void biLmTargetsAndSampledSoftmax() {
        BiLmBatch.Targets t = BiLmBatch.shift(new int[] {0, 5, 6, 1});
        assertArrayEquals(new int[] {5, 6, 1, -1}, t.forward(), "forward: position k predicts word k + 1");
        assertArrayEquals(new int[] {-1, 0, 5, 6}, t.backward(), "backward: position k predicts word k − 1");
        assertEquals(Math.E, BiLanguageModel.perplexity(10, 10), 1e-12);
        try (NDManager m = Engines.newManager()) {
            new Rng(3).seedEngine();
            ElmoOptions o = new ElmoOptions(List.of(new ElmoOptions.Filter(1, 4), new ElmoOptions.Filter(2, 4)), 1, 4, "relu", 8, 4, 2, 3f, 3f, true);
            Vocabulary v = new Vocabulary(List.of("<S>", "</S>", "<UNK>", "the", "jury", "said"));
            BiLanguageModel full = new BiLanguageModel(Elmo.create(o, 1, 0f, m), v.size(), 0, 1);
            full.initialize(m);
            BiLanguageModel sampled = new BiLanguageModel(full.elmo(), v.size(), 1000, 1);
            sampled.initialize(m);
            sampled.softmax.weight.getArray().set(full.softmax.weight.getArray().toFloatArray());
            BiLmBatch b = BiLmBatch.of(m, List.of(List.of("the", "jury", "said"), List.of("the", "verdict")), v);
            ParameterStore s = new ParameterStore(m, false);
            float a = full.loss(s, b, true).getFloat();
            BiLanguageModel.Output out = sampled.forward(s, b, true);
            assertEquals(v.size(), out.forwardLogits().getShape().get(2), "every word is a candidate here");
            assertTrue(out.forwardTargets() != b.forwardTargets(), "a sampled softmax re-indexes the targets");
            float c = sampled.loss(s, b, true).getFloat();
            assertEquals(a, c, 1e-5, "with every word a candidate, the sampled softmax is the full one");
            assertTrue(Math.abs(a - Math.log(v.size())) < 0.5, "an untrained LM is close to uniform: " + a);
        }
    }
}
