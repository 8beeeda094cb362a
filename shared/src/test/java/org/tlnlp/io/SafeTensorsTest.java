package org.tlnlp.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tlnlp.engine.Engines;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeTensorsTest {

    @TempDir
    Path dir;

    /** A file laid out by hand from the format's description, independent of our writer. */
    private static byte[] handWritten() {
        String header = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
                + "\"ids\":{\"dtype\":\"I64\",\"shape\":[3],\"data_offsets\":[16,40]},"
                + "\"h\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[40,44]}}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + 44).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json);
        b.putFloat(1f).putFloat(-2f).putFloat(0.5f).putFloat(3.25f);
        b.putLong(101).putLong(2742).putLong(102);
        b.putShort((short) (Float.floatToIntBits(1.5f) >>> 16)).putShort((short) (Float.floatToIntBits(-4f) >>> 16));
        return b.array();
    }

    @Test
    void readsAFileWrittenToTheSpecification() throws IOException {
        Path f = dir.resolve("hand.safetensors");
        Files.write(f, handWritten());
        try (NDManager m = Engines.newManager()) {
            Map<String, NDArray> t = SafeTensors.load(f, m);
            assertEquals(new Shape(2, 2), t.get("w").getShape());
            assertArrayEquals(new float[] {1f, -2f, 0.5f, 3.25f}, t.get("w").toFloatArray());
            assertEquals(DataType.INT64, t.get("ids").getDataType());
            assertArrayEquals(new long[] {101, 2742, 102}, t.get("ids").toLongArray());
            assertArrayEquals(new float[] {1.5f, -4f}, t.get("h").toFloatArray());
            assertEquals(Map.of("format", "pt"), SafeTensors.readHeader(f).metadata());
        }
    }

    @Test
    void writesTheLayoutTheSpecificationDescribes() throws IOException {
        Path f = dir.resolve("ours.safetensors");
        try (NDManager m = Engines.newManager()) {
            Map<String, NDArray> t = new LinkedHashMap<>();
            t.put("a", m.create(new float[] {1, 2, 3}, new Shape(3)));
            t.put("b", m.create(new long[] {7}, new Shape(1)));
            SafeTensors.save(f, t, Map.of("step", "12"));
        }
        byte[] bytes = Files.readAllBytes(f);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong();
        assertEquals(0, n % 8, "data starts 8-byte aligned");
        String json = new String(bytes, 8, (int) n, StandardCharsets.UTF_8).trim();
        assertTrue(json.contains("\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}"), json);
        assertTrue(json.contains("\"b\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[12,20]}"), json);
        b.position((int) (8 + n));
        assertEquals(1f, b.getFloat());
        assertEquals(2f, b.getFloat());
        assertEquals(3f, b.getFloat());
        assertEquals(7L, b.getLong());
        assertEquals(8 + n + 20, bytes.length);
    }

    @Test
    void aTruncatedFileNamesTheTensorThatIsCutOff() throws IOException {
        Path f = dir.resolve("cut.safetensors");
        byte[] whole = handWritten();
        Files.write(f, Arrays.copyOf(whole, whole.length - 10));
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafeTensors.readHeader(f));
        assertTrue(e.getMessage().contains("tensor 'ids'") && e.getMessage().contains("truncated"), e.getMessage());
        Files.write(f, Arrays.copyOf(whole, 5));
        e = assertThrows(CheckpointException.class, () -> SafeTensors.readHeader(f));
        assertTrue(e.getMessage().contains("too short"), e.getMessage());
        Files.write(f, Arrays.copyOf(whole, 60));
        e = assertThrows(CheckpointException.class, () -> SafeTensors.readHeader(f));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void aCorruptHeaderIsReportedAsSuch() throws IOException {
        Path f = dir.resolve("corrupt.safetensors");
        byte[] bytes = handWritten();
        bytes[8] = 'X'; // the JSON no longer parses
        Files.write(f, bytes);
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafeTensors.readHeader(f));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());

        String bad = "{\"w\":{\"dtype\":\"F32\",\"shape\":[3,3],\"data_offsets\":[0,16]}}";
        ByteBuffer b = ByteBuffer.allocate(8 + bad.length() + 16).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(bad.length()).put(bad.getBytes(StandardCharsets.UTF_8));
        Files.write(f, b.array());
        e = assertThrows(CheckpointException.class, () -> SafeTensors.readHeader(f));
        assertTrue(e.getMessage().contains("tensor 'w' is F32 of shape (3, 3) (36 bytes)"), e.getMessage());
    }

    @Test
    void overlappingTensorsAreACorruptFile() throws IOException {
        Path f = dir.resolve("overlap.safetensors");
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}";
        ByteBuffer b = ByteBuffer.allocate(8 + header.length() + 16).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length()).put(header.getBytes(StandardCharsets.UTF_8));
        Files.write(f, b.array());
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafeTensors.readHeader(f));
        assertTrue(e.getMessage().contains("tensors 'a' (shape (4), bytes [0, 16)) and 'b' (shape (2), bytes [8, 16)) overlap"),
                e.getMessage());
    }

    @Test
    void aFailedWriteLeavesThePreviousFileIntact() throws IOException {
        Path f = dir.resolve("keep.safetensors");
        Files.write(f, handWritten());
        assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write(new byte[100]);
            throw new IOException("disk full");
        }));
        assertArrayEquals(handWritten(), Files.readAllBytes(f));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }
}
