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
import org.tlnlp.io.Checkpoints;
import org.tlnlp.io.SafeTensors;
import org.tlnlp.models.bert.Bert;
import org.tlnlp.models.bert.BertClassifier;
import org.tlnlp.models.bert.BertConfig;
import org.tlnlp.models.bert.BertInput;
import org.tlnlp.models.bert.ClassificationBatches;
import org.tlnlp.text.BertTokenizer;
import org.tlnlp.text.Encoding;
import org.tlnlp.train.Recipe;
import org.tlnlp.train.TrainLoop;

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
        Checkpoints.save(bert.namedParameters(), dir.resolve("model.safetensors"), Map.of());
    }

    @Test
    void aCheckpointInHuggingFacesLayoutGivesTheSameOutputs() throws IOException {
        try (NDManager m = Engines.newManager()) {
            new Rng(1).seedEngine();
            Bert original = Bert.create(SMALL, m);
            writeFolder(original, SMALL);
            new Rng(2).seedEngine();
            Pretrained.BertModel loaded = Pretrained.bert(dir, m);
            assertEquals(List.of(), loaded.report().missing());
            assertTrue(loaded.report().complete(), loaded.report().toString());
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
            assertTrue(e.getMessage().contains("model.safetensors: tensor 'encoder.layer.0.intermediate.dense.weight' has "
                    + "shape (32, 16) but the model's 'encoder.layer.0.intermediate.dense.weight' expects (48, 16)"),
                    e.getMessage());
        }
    }

    @Test
    void aMissingTensorIsNamed() throws IOException {
        try (NDManager m = Engines.newManager()) {
            Bert original = Bert.create(SMALL, m);
            writeFolder(original, SMALL);
            Map<String, NDArray> partial = new LinkedHashMap<>();
            original.namedParameters().forEach(p -> {
                if (!p.name().equals("encoder.layer.1.output.dense.bias")) {
                    partial.put("bert." + p.name(), p.parameter().getArray());
                }
            });
            SafeTensors.save(dir.resolve("model.safetensors"), partial, Map.of());
            CheckpointException e = assertThrows(CheckpointException.class, () -> Pretrained.fromPretrained(dir, m));
            assertTrue(e.getMessage().contains("the file lacks 1 of the model's tensors: [encoder.layer.1.output.dense.bias (16)]"),
                    e.getMessage());
        }
    }

    @Test
    void aFineTunedClassifierSavedAsAHuggingFaceFolderLoadsBackWithIdenticalLogits() throws IOException {
        try (NDManager m = Engines.newManager()) {
            new Rng(3).seedEngine();
            writeFolder(Bert.create(SMALL, m), SMALL);
            BertTokenizer tokenizer = BertTokenizer.fromDirectory(dir);
            BertClassifier clf = new BertClassifier(Bert.create(SMALL, m), 3, BertClassifier.Pooling.POOLER);
            clf.initialize(m);
            List<Encoding> texts = List.of(tokenizer.encode("the jury"), tokenizer.encode("said the jury"),
                    tokenizer.encode("the"), tokenizer.encode("jury said"));
            ClassificationBatches data = new ClassificationBatches(texts, new int[] {0, 1, 2, 1}, 2, 0, new Rng(4));
            TrainLoop.builder().recipe(Recipe.fineTuning(1e-2)).epochs(3).label("fine-tune").build().fit(clf, data);
            Path saved = dir.resolve("fine-tuned");
            Pretrained.save(clf, tokenizer, List.of("a", "b", "c"), saved);
            assertTrue(SafeTensors.readHeader(saved.resolve("model.safetensors")).tensors()
                    .containsKey("bert.encoder.layer.1.output.dense.weight"), "Hugging Face's names");
            assertTrue(SafeTensors.readHeader(saved.resolve("model.safetensors")).tensors().containsKey("classifier.weight"));
            Pretrained.BertClassifierModel back = Pretrained.bertClassifier(saved, m);
            assertEquals(List.of("a", "b", "c"), back.labels());
            ParameterStore ps = new ParameterStore(m, false);
            BertInput in = data.inputs(m, new int[] {0, 1, 2, 3});
            assertArrayEquals(clf.logits(ps, in, false).toFloatArray(), back.model().logits(ps, in, false).toFloatArray(), 0f);
            // The encoder alone reads the same folder, leaving the head aside.
            Pretrained.BertModel encoder = Pretrained.bert(saved, m);
            assertEquals(List.of("classifier.weight (3, 16)", "classifier.bias (3)"), encoder.report().ignored());
        }
    }

    @Test
    void aFolderThatIsAFileOrConfigThatIsNotJsonIsNamed() throws IOException {
        try (NDManager m = Engines.newManager()) {
            Path file = Files.writeString(dir.resolve("model.bin"), "x");
            CheckpointException e = assertThrows(CheckpointException.class, () -> Pretrained.fromPretrained(file, m));
            assertTrue(e.getMessage().contains("model.bin is a file; a model folder"), e.getMessage());
            Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"bert\", oops");
            IOException j = assertThrows(IOException.class, () -> Pretrained.fromPretrained(dir, m));
            assertTrue(j.getMessage().contains("config.json: not valid JSON"), j.getMessage());
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
