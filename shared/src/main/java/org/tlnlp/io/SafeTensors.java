package org.tlnlp.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors checkpoint format (the one Hugging Face uses): an 8-byte little-endian header length
 * {@code N}, {@code N} bytes of JSON naming each tensor's dtype, shape and byte range, then the raw
 * little-endian data. Reading checks everything the header claims against the file, so a truncated or
 * corrupt file, or a tensor whose shape does not fit the model, fails with a message that names the
 * file, the tensor and both shapes. Writing goes through a temporary file, so a crash never leaves half
 * a checkpoint behind.
 */
public final class SafeTensors {

    /** What the header says of one tensor. {@code begin}/{@code end} count from the start of the data. */
    public record Entry(String name, String dtype, Shape shape, long begin, long end) {
    }

    /** A file's header: its tensors in file order, and its free-form string metadata. */
    public record Header(Map<String, Entry> tensors, Map<String, String> metadata, long dataStart) {
    }

    private static final long MAX_HEADER = 100L << 20;
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private SafeTensors() {
    }

    // ------------------------------------------------------------------ writing

    /** Writes the tensors (in the map's order) and the metadata to {@code file}. */
    public static void save(Path file, Map<String, NDArray> tensors, Map<String, String> metadata) throws IOException {
        JsonObject header = new JsonObject();
        if (metadata != null && !metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            metadata.forEach(meta::addProperty);
            header.add("__metadata__", meta);
        }
        List<byte[]> blobs = new ArrayList<>();
        long offset = 0;
        for (Map.Entry<String, NDArray> t : tensors.entrySet()) {
            NDArray a = t.getValue();
            String dtype = dtypeName(a.getDataType(), t.getKey());
            byte[] bytes = littleEndian(a.toByteBuffer());
            JsonObject info = new JsonObject();
            info.addProperty("dtype", dtype);
            JsonArray shape = new JsonArray();
            for (long d : a.getShape().getShape()) {
                shape.add(d);
            }
            info.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offsets.add(offset + bytes.length);
            info.add("data_offsets", offsets);
            header.add(t.getKey(), info);
            blobs.add(bytes);
            offset += bytes.length;
        }
        byte[] json = GSON.toJson(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8; // keeps the data 8-byte aligned, as the format recommends
        byte[] headerBytes = Arrays.copyOf(json, padded);
        Arrays.fill(headerBytes, json.length, padded, (byte) ' ');
        AtomicFiles.write(file, out -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length);
            out.write(len.array());
            out.write(headerBytes);
            for (byte[] b : blobs) {
                out.write(b);
            }
        });
    }

    // ------------------------------------------------------------------ reading

    /** Reads and checks the header of {@code file}, without reading any tensor data. */
    public static Header readHeader(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return readHeader(ch, file);
        }
    }

    private static Header readHeader(FileChannel ch, Path file) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw new CheckpointException(file + ": " + size + " bytes is too short for a safetensors file "
                    + "(it starts with an 8-byte header length); the file is truncated or not a checkpoint");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, lenBuf, 0);
        long n = lenBuf.flip().getLong();
        if (n <= 0 || n > MAX_HEADER || 8 + n > size) {
            throw new CheckpointException(file + ": the header claims " + n + " bytes but the file has "
                    + size + "; the file is truncated or not a safetensors checkpoint");
        }
        ByteBuffer json = ByteBuffer.allocate((int) n);
        readFully(ch, json, 8);
        JsonObject root;
        try {
            JsonElement parsed = JsonParser.parseString(new String(json.array(), StandardCharsets.UTF_8));
            if (!parsed.isJsonObject()) {
                throw new JsonParseException("not a JSON object");
            }
            root = parsed.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new CheckpointException(file + ": the header is not valid JSON (" + e.getMessage()
                    + "); the file is corrupt or not a safetensors checkpoint", e);
        }
        long dataStart = 8 + n;
        long dataSize = size - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, Entry> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : root.entrySet()) {
            String name = e.getKey();
            if (name.equals("__metadata__")) {
                for (Map.Entry<String, JsonElement> m : e.getValue().getAsJsonObject().entrySet()) {
                    metadata.put(m.getKey(), m.getValue().getAsString());
                }
                continue;
            }
            Entry entry = parseEntry(file, name, e.getValue());
            long expected = entry.shape().size() * bytesPer(entry.dtype());
            if (entry.end() - entry.begin() != expected) {
                throw new CheckpointException(file + ": tensor '" + name + "' is " + entry.dtype() + " of shape "
                        + entry.shape() + " (" + expected + " bytes) but its data_offsets [" + entry.begin() + ", "
                        + entry.end() + "] hold " + (entry.end() - entry.begin()) + " bytes; the file is corrupt");
            }
            if (entry.end() > dataSize) {
                throw new CheckpointException(file + ": tensor '" + name + "' (shape " + entry.shape()
                        + ") ends at byte " + (dataStart + entry.end()) + " but the file has only " + size
                        + " bytes; the file is truncated");
            }
            tensors.put(name, entry);
        }
        checkNoOverlap(file, tensors);
        return new Header(tensors, metadata, dataStart);
    }

    /** Two tensors must never share bytes: a writer that did that wrote a corrupt file. */
    private static void checkNoOverlap(Path file, Map<String, Entry> tensors) throws CheckpointException {
        List<Entry> byStart = new ArrayList<>(tensors.values());
        byStart.sort(java.util.Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        for (int i = 1; i < byStart.size(); i++) {
            Entry a = byStart.get(i - 1);
            Entry b = byStart.get(i);
            if (b.begin() < a.end() && b.end() > b.begin()) {
                throw new CheckpointException(file + ": tensors '" + a.name() + "' (shape " + a.shape() + ", bytes ["
                        + a.begin() + ", " + a.end() + ")) and '" + b.name() + "' (shape " + b.shape() + ", bytes ["
                        + b.begin() + ", " + b.end() + ")) overlap; the file is corrupt");
            }
        }
    }

    private static Entry parseEntry(Path file, String name, JsonElement value) throws CheckpointException {
        try {
            JsonObject o = value.getAsJsonObject();
            String dtype = o.get("dtype").getAsString();
            bytesPer(dtype); // rejects unknown types early
            JsonArray s = o.getAsJsonArray("shape");
            long[] dims = new long[s.size()];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = s.get(i).getAsLong();
                if (dims[i] < 0) {
                    throw new IllegalArgumentException("negative dimension " + dims[i]);
                }
            }
            JsonArray off = o.getAsJsonArray("data_offsets");
            long begin = off.get(0).getAsLong();
            long end = off.get(1).getAsLong();
            if (begin < 0 || end < begin) {
                throw new IllegalArgumentException("data_offsets [" + begin + ", " + end + "] are not a range");
            }
            return new Entry(name, dtype, new Shape(dims), begin, end);
        } catch (RuntimeException e) {
            throw new CheckpointException(file + ": tensor '" + name + "' has a malformed header entry "
                    + value + " (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The file as a {@link TensorSource} for {@link Checkpoints#load}: the header is read and checked now,
     * each tensor when it is asked for. Close it to close the file.
     */
    public static TensorSource source(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        Header h;
        try {
            h = readHeader(ch, file);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        Map<String, Shape> shapes = new LinkedHashMap<>();
        h.tensors().forEach((name, e) -> shapes.put(name, e.shape()));
        return TensorSource.of(file.toString(), shapes,
                (name, manager) -> read(ch, h, h.tensors().get(name), manager).toType(DataType.FLOAT32, false), ch);
    }

    /** Reads every tensor of {@code file} into {@code manager}. */
    public static Map<String, NDArray> load(Path file, NDManager manager) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header h = readHeader(ch, file);
            Map<String, NDArray> out = new LinkedHashMap<>();
            for (Entry e : h.tensors().values()) {
                out.put(e.name(), read(ch, h, e, manager));
            }
            return out;
        }
    }

    private static NDArray read(FileChannel ch, Header h, Entry e, NDManager manager) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect((int) (e.end() - e.begin())).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, buf, h.dataStart() + e.begin());
        buf.flip();
        if (e.dtype().equals("BF16")) { // no engine-neutral bfloat16 here: widen to float32 on the way in
            ByteBuffer wide = ByteBuffer.allocateDirect(buf.capacity() * 2).order(ByteOrder.nativeOrder());
            while (buf.hasRemaining()) {
                wide.putInt((buf.getShort() & 0xFFFF) << 16);
            }
            wide.flip();
            return manager.create(wide, e.shape(), DataType.FLOAT32);
        }
        ByteBuffer data = ByteBuffer.allocateDirect(buf.capacity()).order(ByteOrder.nativeOrder());
        data.put(buf).flip();
        return manager.create(data, e.shape(), dataType(e.dtype()));
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new CheckpointException("unexpected end of file at byte " + pos);
            }
            pos += n;
        }
    }

    private static byte[] littleEndian(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        if (data.order() == ByteOrder.BIG_ENDIAN && ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN) {
            throw new UnsupportedOperationException("big-endian hosts are not supported");
        }
        return bytes;
    }

    private static int bytesPer(String dtype) {
        return switch (dtype) {
            case "F64", "I64", "U64" -> 8;
            case "F32", "I32", "U32" -> 4;
            case "F16", "BF16", "I16", "U16" -> 2;
            case "I8", "U8", "BOOL" -> 1;
            default -> throw new IllegalArgumentException("unknown dtype " + dtype);
        };
    }

    private static DataType dataType(String dtype) {
        return switch (dtype) {
            case "F64" -> DataType.FLOAT64;
            case "F32" -> DataType.FLOAT32;
            case "F16" -> DataType.FLOAT16;
            case "I64" -> DataType.INT64;
            case "I32" -> DataType.INT32;
            case "I8" -> DataType.INT8;
            case "U8" -> DataType.UINT8;
            case "BOOL" -> DataType.BOOLEAN;
            default -> throw new IllegalArgumentException("dtype " + dtype + " cannot be loaded into an NDArray");
        };
    }

    private static String dtypeName(DataType t, String name) {
        return switch (t) {
            case FLOAT64 -> "F64";
            case FLOAT32 -> "F32";
            case FLOAT16 -> "F16";
            case INT64 -> "I64";
            case INT32 -> "I32";
            case INT8 -> "I8";
            case UINT8 -> "U8";
            case BOOLEAN -> "BOOL";
            default -> throw new IllegalArgumentException("tensor '" + name + "' has type " + t
                    + ", which this writer does not store");
        };
    }
}
