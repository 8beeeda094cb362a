package org.tlnlp.io;

import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tensor-bundle reader on BERT-base's real bundle (read from the jar on the class path), and on copies of
 * it that the tests damage. Every tensor's values are checked against TensorFlow itself in
 * {@link TensorBundleTensorFlowTest}; the few golden values here were printed by TensorFlow Java 1.1.0 from the
 * SavedModel's own {@code .../Read/ReadVariableOp} nodes.
 */
class TensorBundleTest {

    /** The real index, and the data shard's first 2 MB: the embeddings' LayerNorm, position and type tables. */
    private static final long PREFIX_BYTES = 2L << 20;

    @TempDir
    static Path extracted;
    private static Path prefix;
    private static byte[] index;
    private static TensorBundle fromJar;

    @TempDir
    Path dir;

    @BeforeAll
    static void readTheJar() throws IOException {
        try (InputStream in = EasyBertJar.open()) {
            fromJar = TensorBundle.readZip(in, EasyBertJar.VARIABLES, EasyBertJar.RESOURCE);
        }
        prefix = EasyBertJar.extract(extracted, PREFIX_BYTES);
        index = Files.readAllBytes(Path.of(prefix + ".index"));
    }

    @AfterAll
    static void release() throws IOException {
        fromJar.close();
        fromJar = null; // 440 MB of heap
    }

    /** BERT-base's 204 variable names: embeddings, 12 encoder layers of 16, the pooler, the masked-LM head. */
    private static List<String> expectedNames() {
        List<String> names = new ArrayList<>(List.of(
                "module/bert/embeddings/LayerNorm/beta", "module/bert/embeddings/LayerNorm/gamma",
                "module/bert/embeddings/position_embeddings", "module/bert/embeddings/token_type_embeddings",
                "module/bert/embeddings/word_embeddings"));
        List<String> layers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            layers.add("layer_" + i);
        }
        layers.sort(null); // the index is sorted by bytes: layer_0, layer_1, layer_10, layer_11, layer_2, ...
        for (String layer : layers) {
            for (String p : List.of("attention/output/LayerNorm/beta", "attention/output/LayerNorm/gamma",
                    "attention/output/dense/bias", "attention/output/dense/kernel",
                    "attention/self/key/bias", "attention/self/key/kernel", "attention/self/query/bias",
                    "attention/self/query/kernel", "attention/self/value/bias", "attention/self/value/kernel",
                    "intermediate/dense/bias", "intermediate/dense/kernel", "output/LayerNorm/beta",
                    "output/LayerNorm/gamma", "output/dense/bias", "output/dense/kernel")) {
                names.add("module/bert/encoder/" + layer + "/" + p);
            }
        }
        names.addAll(List.of("module/bert/pooler/dense/bias", "module/bert/pooler/dense/kernel",
                "module/cls/predictions/output_bias", "module/cls/predictions/transform/LayerNorm/beta",
                "module/cls/predictions/transform/LayerNorm/gamma", "module/cls/predictions/transform/dense/bias",
                "module/cls/predictions/transform/dense/kernel"));
        return names;
    }

    @Test
    void readsBertBaseStraightFromTheJar() throws IOException {
        assertEquals(expectedNames(), List.copyOf(fromJar.entries().keySet()));
        assertEquals(110_104_890L, fromJar.elementCount());
        long end = 0;
        for (TensorBundle.Entry e : fromJar.entries().values()) {
            assertEquals(TensorBundle.DType.FLOAT, e.dtype(), e.name());
            assertEquals(0, e.shard(), e.name());
            assertEquals(end, e.offset(), e.name() + " follows the previous tensor"); // TF writes them back to back
            end += e.size();
            // reading verifies the tensor's checksum: every byte of the shard is checked here
            assertEquals(e.shape().size(), fromJar.floats(e.name()).length, e.name());
        }
        assertEquals(EasyBertJar.DATA_BYTES, end);
        assertEquals(new Shape(30522, 768), fromJar.entry("module/bert/embeddings/word_embeddings").shape());
        assertEquals(new Shape(512, 768), fromJar.entry("module/bert/embeddings/position_embeddings").shape());
        assertEquals(new Shape(2, 768), fromJar.entry("module/bert/embeddings/token_type_embeddings").shape());
        assertEquals(new Shape(768, 3072), fromJar.entry("module/bert/encoder/layer_7/intermediate/dense/kernel").shape());
        assertEquals(new Shape(3072, 768), fromJar.entry("module/bert/encoder/layer_7/output/dense/kernel").shape());
        assertEquals(new Shape(30522), fromJar.entry("module/cls/predictions/output_bias").shape());

        float[] words = fromJar.floats("module/bert/embeddings/word_embeddings");
        assertEquals(-0.010182573f, words[0]); // [PAD], dimensions 0 and 1 (from TensorFlow)
        assertEquals(-0.06154883f, words[1]);
        assertEquals(0.013630296f, words[101 * 768]); // [CLS], dimension 0
    }

    @Test
    void readsTheSameBundleFromDisk() throws IOException {
        Path full = sparseCopy(Files.readAllBytes(Path.of(prefix + ".data-00000-of-00001")));
        Files.write(Path.of(full + ".index"), index);
        try (TensorBundle viaPrefix = TensorBundle.open(full);
             TensorBundle viaIndex = TensorBundle.open(Path.of(full + ".index"))) {
            assertEquals(fromJar.entries(), viaPrefix.entries());
            assertEquals(fromJar.entries(), viaIndex.entries());
            for (String name : List.of("module/bert/embeddings/LayerNorm/beta", "module/bert/embeddings/LayerNorm/gamma",
                    "module/bert/embeddings/position_embeddings", "module/bert/embeddings/token_type_embeddings")) {
                assertArrayEquals(fromJar.floats(name), viaPrefix.floats(name), name);
            }
            ByteBuffer raw = viaPrefix.bytes("module/bert/embeddings/LayerNorm/gamma");
            assertEquals(ByteOrder.LITTLE_ENDIAN, raw.order());
            assertEquals(3072, raw.remaining());
        }
    }

    // ------------------------------------------------------------------ damaged copies

    @Test
    void aMissingShardIsNamed() throws IOException {
        Path p = dir.resolve("variables");
        Files.write(Path.of(p + ".index"), index);
        CheckpointException e = assertThrows(CheckpointException.class, () -> TensorBundle.open(p));
        assertContains(e, p + ".data-00000-of-00001", "missing", "1 shard");
    }

    @Test
    void aMissingIndexIsNamed() {
        Path p = dir.resolve("nothing");
        CheckpointException e = assertThrows(CheckpointException.class, () -> TensorBundle.open(p));
        assertContains(e, p + ".index", "no such file");
    }

    @Test
    void aTruncatedShardNamesTheFirstTensorPastItsEnd() throws IOException {
        Path p = dir.resolve("variables");
        Files.write(Path.of(p + ".index"), index);
        Files.copy(Path.of(prefix + ".data-00000-of-00001"), Path.of(p + ".data-00000-of-00001"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> TensorBundle.open(p));
        assertContains(e, p + ".data-00000-of-00001", "'module/bert/embeddings/word_embeddings'",
                "(30522, 768)", "1585152..95348736", "only " + PREFIX_BYTES + " bytes", "truncated");
    }

    @Test
    void aFlippedDataByteFailsThatTensorsChecksum() throws IOException {
        byte[] data = Files.readAllBytes(Path.of(prefix + ".data-00000-of-00001"));
        data[3072 + 10] ^= 0x20; // inside embeddings/LayerNorm/gamma, the second tensor
        Path p = sparseCopy(data);
        Files.write(Path.of(p + ".index"), index);
        try (TensorBundle b = TensorBundle.open(p)) {
            assertEquals(768, b.floats("module/bert/embeddings/LayerNorm/beta").length); // its neighbour is fine
            CheckpointException e = assertThrows(CheckpointException.class,
                    () -> b.floats("module/bert/embeddings/LayerNorm/gamma"));
            assertContains(e, p + ".data-00000-of-00001", "'module/bert/embeddings/LayerNorm/gamma'",
                    "checksum", "corrupt");
        }
    }

    @Test
    void anIndexWithoutItsMagicNumberIsRejected() throws IOException {
        byte[] bad = index.clone();
        bad[bad.length - 1] ^= 1;
        assertContains(openIndex(bad), "bad magic number", "0xdb4775248b80fb57");
        assertContains(openIndex(java.util.Arrays.copyOf(index, 30)), "too short", "truncated");
    }

    @Test
    void aFlippedIndexByteFailsItsBlocksChecksum() throws IOException {
        byte[] bad = index.clone();
        bad[100] ^= 1; // inside the one data block, which starts the file
        assertContains(openIndex(bad), "data block at byte 0", "fails its checksum", "corrupt");
        byte[] badFooter = index.clone();
        badFooter[badFooter.length - 48] = 0x7f; // the metaindex handle now points at byte 127
        assertContains(openIndex(badFooter), "metaindex block at byte 127");
    }

    @Test
    void aTensorWhoseSizeDoesNotFitItsShapeIsNamed() throws IOException {
        assertContains(openIndex(EasyBertJar.indexWithResizedTensor(index)), "'module/bert/embeddings/LayerNorm/beta'",
                "FLOAT of shape (769)", "3076 bytes", "gives it 3072 bytes");
    }

    @Test
    void aTruncatedArchiveIsNamed() throws IOException {
        byte[] start;
        try (InputStream in = EasyBertJar.open()) {
            start = in.readNBytes(10 << 20); // the small files, then 7 MB of the data shard
        }
        CheckpointException e = assertThrows(CheckpointException.class, () ->
                TensorBundle.readZip(new ByteArrayInputStream(start), EasyBertJar.VARIABLES, "cut.zip"));
        assertContains(e, "cut.zip", "truncated");
    }

    @Test
    void anUnknownTensorIsNamed() {
        CheckpointException e = assertThrows(CheckpointException.class, () -> fromJar.floats("bert/nothing"));
        assertContains(e, EasyBertJar.RESOURCE + "!/variables/variables.index", "'bert/nothing'", "204 tensors");
    }

    // ------------------------------------------------------------------ helpers

    /** A full-size data shard that holds {@code start} and then zeros (sparse: it costs no disk). */
    private Path sparseCopy(byte[] start) throws IOException {
        Path p = dir.resolve("variables");
        try (RandomAccessFile f = new RandomAccessFile(p + ".data-00000-of-00001", "rw")) {
            f.write(start);
            f.setLength(EasyBertJar.DATA_BYTES);
        }
        return p;
    }

    private CheckpointException openIndex(byte[] bytes) throws IOException {
        Path p = dir.resolve("damaged");
        Files.write(Path.of(p + ".index"), bytes);
        return assertThrows(CheckpointException.class, () -> TensorBundle.open(p));
    }

    private static void assertContains(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "expected '" + part + "' in: " + e.getMessage());
        }
    }
}
