package org.tlnlp.models;

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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A small BERT written in Hugging Face's folder layout loads back through fromPretrained, and bad folders fail clearly. */
class PretrainedTest {

    @TempDir
    Path dir;

    static final BertConfig SMALL = new BertConfig(40, 16, 2, 4, 32, 24, 2, 1e-12f, 0.1f);

    private void writeFolder(Bert bert, BertConfig config) throws IOException {
        Files.writeString(dir.resolve("config.json"), config.toJson());
        List<String> vocab = new java.util.ArrayList<>(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "jury", "said"));
        while (vocab.size() < config.vocabSize()) {
            vocab.add("w" + vocab.size());
        }
        Files.write(dir.resolve("vocab.txt"), vocab);
        BertWeights.toSafetensors(bert, dir.resolve("model.safetensors"));
    }

    @Test
    void aCheckpointInHuggingFacesLayoutGivesTheSameOutputs() throws IOException {
        try (NDManager m = Engines.newManager()) {
            new Rng(1).seedEngine();
            Bert original = Bert.create(SMALL, m);
            writeFolder(original, SMALL);
            new Rng(2).seedEngine();
            Pretrained.BertModel loaded = Pretrained.bert(dir, m);
            assertEquals(List.of(), loaded.missing());
            assertArrayEquals(new int[] {2, 5, 6, 7, 3}, loaded.tokenizer().encode("The jury said").ids());
            NDArray ids = m.create(new long[] {2, 5, 6, 7, 3}, new Shape(1, 5));
            NDArray types = m.zeros(new Shape(1, 5), ai.djl.ndarray.types.DataType.INT64);
            NDArray mask = m.ones(new Shape(1, 5), ai.djl.ndarray.types.DataType.INT64);
            ParameterStore ps = new ParameterStore(m, false);
            assertArrayEquals(original.forward(ps, ids, types, mask, false, false).lastHidden().toFloatArray(),
                    loaded.model().forward(ps, ids, types, mask, false, false).lastHidden().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void aWrongShapeNamesTheTensorAndBothShapes() throws IOException {
        try (NDManager m = Engines.newManager()) {
            Bert original = Bert.create(SMALL, m);
            writeFolder(original, SMALL);
            // A config that does not match the checkpoint: a wider feed-forward layer.
            Files.writeString(dir.resolve("config.json"), new BertConfig(40, 16, 2, 4, 48, 24, 2, 1e-12f, 0.1f).toJson());
            CheckpointException e = assertThrows(CheckpointException.class, () -> Pretrained.fromPretrained(dir, m));
            assertTrue(e.getMessage().contains("tensor 'encoder.layer.0.intermediate.dense.weight' has shape (32, 16)"
                    + " but the model's encoder.layer.0.intermediate.dense.weight expects (48, 16)"), e.getMessage());
        }
    }

    @Test
    void aMissingTensorIsNamed() throws IOException {
        try (NDManager m = Engines.newManager()) {
            Bert original = Bert.create(SMALL, m);
            writeFolder(original, SMALL);
            Map<String, NDArray> partial = new LinkedHashMap<>();
            original.hfParameters().forEach((n, p) -> {
                if (!n.equals("encoder.layer.1.output.dense.bias")) {
                    partial.put("bert." + n, p.getArray());
                }
            });
            SafeTensors.save(dir.resolve("model.safetensors"), partial, Map.of());
            CheckpointException e = assertThrows(CheckpointException.class, () -> Pretrained.fromPretrained(dir, m));
            assertTrue(e.getMessage().contains("lacks 1 BERT weights, e.g. [encoder.layer.1.output.dense.bias]"), e.getMessage());
        }
    }

    @Test
    void otherModelTypesAreRefusedWithTheirName() throws IOException {
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"t5\"}");
        try (NDManager m = Engines.newManager()) {
            CheckpointException e = assertThrows(CheckpointException.class, () -> Pretrained.fromPretrained(dir, m));
            assertTrue(e.getMessage().contains("model_type 't5'"), e.getMessage());
        }
    }
}
