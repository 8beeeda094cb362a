package org.tlnlp.io;

import ai.djl.ndarray.types.Shape;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A TensorFlow <em>tensor bundle</em>, the format of TF checkpoints and of a SavedModel's {@code variables/}
 * folder, read without TensorFlow.
 *
 * <p>A bundle with prefix {@code P} is one small index file {@code P.index} and one or more data shards
 * {@code P.data-00000-of-00001}, ... The data shards are just the tensors' raw little-endian bytes, one after
 * another. The index is a sorted key-value table in LevelDB's "SSTable" layout:
 *
 * <pre>
 *   [data block]...[data block][metaindex block][index block][footer: 48 bytes]
 *   footer   = metaindex handle, index handle (each: varint offset, varint size), zero padding to 40 bytes,
 *              then the magic number 0xdb4775248b80fb57 (8 bytes, little-endian)
 *   block    = entries, then the restart offsets (uint32 each), then their count (uint32),
 *              followed (outside the handle's size) by a 5-byte trailer: compression type (0 = none) and
 *              a masked CRC-32C of the block and that type byte
 *   entry    = varint shared, varint unshared, varint valueLength, the key's unshared tail, the value
 *              (a key repeats the first {@code shared} bytes of the previous key: prefix compression)
 * </pre>
 *
 * The index block maps a key at or after each data block's last key to that block's handle. In the data
 * blocks the empty key holds a {@code BundleHeaderProto} (number of shards, byte order) and every other key
 * is a tensor name whose value is a {@code BundleEntryProto}: dtype, shape, shard, offset, size and the
 * masked CRC-32C of the tensor's bytes. Both are protocol buffers; the few fields used are decoded by hand
 * below, so the reader needs no protobuf library.
 *
 * <p>Everything the index claims is checked: block checksums when the index is opened; that each tensor's
 * byte size is its dtype's width times its element count, and that it lies inside its shard; and the tensor's
 * own checksum each time it is read. A failure is a {@link CheckpointException} naming the file, the tensor
 * and what was expected.
 *
 * <p>A bundle packed inside a zip (a SavedModel shipped in a jar) can be read from a stream with
 * {@link #readZip}: it keeps the index and shards in memory instead of copying them to disk (a BERT-base
 * shard is 440 MB; streaming it once through the zip is faster than writing and re-reading a temporary file,
 * and leaves nothing behind). Use {@link #open} for bundles on disk: it reads tensors straight from the files.
 */
public final class TensorBundle implements Closeable {

    /** The element types a bundle can hold, with TensorFlow's {@code DataType} codes and their widths in bytes. */
    public enum DType {
        FLOAT(1, 4), DOUBLE(2, 8), INT32(3, 4), UINT8(4, 1), INT16(5, 2), INT8(6, 1),
        /** Variable-length strings: listed, but not readable here (their bytes are length-prefixed). */
        STRING(7, -1),
        INT64(9, 8), BOOL(10, 1), BFLOAT16(14, 2), UINT16(17, 2), HALF(19, 2), UINT32(22, 4), UINT64(23, 8);

        /** TensorFlow's enum value. */
        public final int code;
        /** Bytes per element, or -1 for {@link #STRING}. */
        public final int bytes;

        DType(int code, int bytes) {
            this.code = code;
            this.bytes = bytes;
        }

        static DType of(int code) {
            for (DType t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return null;
        }
    }

    /**
     * What the index says of one tensor: where its bytes are ({@code shard}, {@code offset}, {@code size}) and
     * the masked CRC-32C they must have.
     */
    public record Entry(String name, DType dtype, Shape shape, int shard, long offset, long size, int maskedCrc32c) {
    }

    /** LevelDB's table magic number, the last 8 bytes of every index file. */
    static final long TABLE_MAGIC = 0xdb4775248b80fb57L;
    private static final int FOOTER_SIZE = 48;
    private static final int BLOCK_TRAILER_SIZE = 5;
    /** Shards read into memory must fit a single Java buffer. */
    private static final long MAX_IN_MEMORY_SHARD = Integer.MAX_VALUE - 8;

    /** Where one data shard's bytes come from: a file on disk, or a buffer read from a zip. */
    private interface Shard extends Closeable {
        long size();

        /** Fills {@code dst} with the bytes starting at {@code offset}. */
        void read(long offset, ByteBuffer dst) throws IOException;
    }

    private final String indexName;
    private final List<String> shardNames;
    private final List<Shard> shards;
    private final Map<String, Entry> entries;

    private TensorBundle(String indexName, List<String> shardNames, List<Shard> shards, Map<String, Entry> entries)
            throws CheckpointException {
        this.indexName = indexName;
        this.shardNames = shardNames;
        this.shards = shards;
        this.entries = Collections.unmodifiableMap(entries);
        for (Entry e : entries.values()) {
            long end = e.offset() + e.size();
            long available = shards.get(e.shard()).size();
            if (end > available) {
                throw new CheckpointException(shardNames.get(e.shard()) + ": tensor '" + e.name() + "' ("
                        + e.dtype() + " of shape " + e.shape() + ") occupies bytes " + e.offset() + ".." + end
                        + " but the shard has only " + available + " bytes; the data file is truncated");
            }
        }
    }

    // ------------------------------------------------------------------ opening

    /**
     * Opens the bundle on disk whose prefix is {@code prefix} (for a SavedModel, {@code dir/variables/variables});
     * the path of its {@code .index} file is accepted too. The index is read and checked now; tensor data is read
     * only when asked for.
     */
    public static TensorBundle open(Path prefix) throws IOException {
        String p = prefix.toString();
        if (p.endsWith(".index")) {
            p = p.substring(0, p.length() - ".index".length());
        }
        Path indexFile = Path.of(p + ".index");
        byte[] index;
        try {
            index = Files.readAllBytes(indexFile);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(indexFile + ": no such file; a tensor bundle with prefix " + p
                    + " needs " + p + ".index and its data shards " + p + ".data-NNNNN-of-NNNNN", e);
        }
        IndexContents ix = parseIndex(index, indexFile.toString());
        List<String> names = new ArrayList<>();
        List<Shard> shards = new ArrayList<>();
        try {
            for (int i = 0; i < ix.numShards(); i++) {
                Path f = Path.of(shardName(p, i, ix.numShards()));
                names.add(f.toString());
                if (!Files.isRegularFile(f)) {
                    throw new CheckpointException(f + ": data shard " + i + " of " + ix.numShards()
                            + " is missing (the index " + indexFile + " names " + ix.numShards() + " shard(s))");
                }
                shards.add(fileShard(FileChannel.open(f, StandardOpenOption.READ)));
            }
            return new TensorBundle(indexFile.toString(), names, shards, ix.entries());
        } catch (IOException | RuntimeException e) {
            closeAll(shards);
            throw e;
        }
    }

    /**
     * Reads the bundle with prefix {@code prefix} (for a SavedModel, {@code variables/variables}) from a zip
     * archive given as a stream, for instance a class-path resource, without extracting it to disk: the index
     * and data shards are read into memory in one pass over the stream. {@code source} names the archive in
     * error messages. The stream is read to its end but not closed.
     */
    public static TensorBundle readZip(InputStream zip, String prefix, String source) throws IOException {
        String indexEntry = prefix + ".index";
        String shardStart = prefix + ".data-";
        byte[] index = null;
        Map<String, ByteBuffer> data = new LinkedHashMap<>();
        ZipInputStream in = new ZipInputStream(zip);
        try {
            for (ZipEntry z; (z = in.getNextEntry()) != null; ) {
                if (z.getName().equals(indexEntry)) {
                    index = in.readAllBytes();
                } else if (z.getName().startsWith(shardStart)) {
                    data.put(z.getName(), readEntry(in, z, source));
                }
            }
        } catch (CheckpointException e) {
            throw e;
        } catch (IOException e) { // a truncated or damaged archive: ZipException, EOFException
            throw new CheckpointException(source + ": cannot read the archive (" + e + "); it is truncated or "
                    + "corrupt", e);
        }
        String indexName = source + "!/" + indexEntry;
        if (index == null) {
            throw new CheckpointException(indexName + ": no such entry in the archive; expected a tensor bundle "
                    + "with prefix " + prefix);
        }
        IndexContents ix = parseIndex(index, indexName);
        List<String> names = new ArrayList<>();
        List<Shard> shards = new ArrayList<>();
        for (int i = 0; i < ix.numShards(); i++) {
            String entry = shardName(prefix, i, ix.numShards());
            names.add(source + "!/" + entry);
            ByteBuffer b = data.get(entry);
            if (b == null) {
                throw new CheckpointException(source + "!/" + entry + ": data shard " + i + " of "
                        + ix.numShards() + " is missing from the archive");
            }
            shards.add(memoryShard(b));
        }
        return new TensorBundle(indexName, names, shards, ix.entries());
    }

    private static ByteBuffer readEntry(ZipInputStream in, ZipEntry z, String source) throws IOException {
        long size = z.getSize(); // known for stored entries; -1 when a deflated entry defers it to the end
        if (size > MAX_IN_MEMORY_SHARD) {
            throw new CheckpointException(source + "!/" + z.getName() + ": " + size + " bytes is too large to "
                    + "read into memory; extract the archive and use TensorBundle.open");
        }
        if (size < 0) {
            byte[] all = in.readAllBytes();
            return ByteBuffer.wrap(all);
        }
        // One exact-size array and a loop of bulk reads: no doubling buffer, no second copy.
        byte[] all = new byte[(int) size];
        int n = in.readNBytes(all, 0, all.length);
        if (n != all.length || in.read() != -1) {
            throw new CheckpointException(source + "!/" + z.getName() + ": the archive says " + size
                    + " bytes but " + n + " could be read; the archive is truncated");
        }
        return ByteBuffer.wrap(all);
    }

    static String shardName(String prefix, int shard, int numShards) {
        return String.format("%s.data-%05d-of-%05d", prefix, shard, numShards);
    }

    // ------------------------------------------------------------------ reading tensors

    /** Every tensor the index lists, by name, in the index's (sorted) order. */
    public Map<String, Entry> entries() {
        return entries;
    }

    /** The entry of tensor {@code name}; an error naming the bundle if there is none. */
    public Entry entry(String name) throws CheckpointException {
        Entry e = entries.get(name);
        if (e == null) {
            throw new CheckpointException(indexName + ": no tensor named '" + name + "' (the bundle has "
                    + entries.size() + " tensors)");
        }
        return e;
    }

    /** The total number of elements in all tensors: a model's parameter count. */
    public long elementCount() {
        long n = 0;
        for (Entry e : entries.values()) {
            n += e.shape().size();
        }
        return n;
    }

    /**
     * The raw bytes of tensor {@code name}, in row-major order, as a little-endian buffer positioned at 0, after
     * checking them against their checksum.
     */
    public ByteBuffer bytes(String name) throws IOException {
        Entry e = entry(name);
        if (e.dtype() == DType.STRING) {
            throw new CheckpointException(indexName + ": tensor '" + name + "' holds strings, which this reader "
                    + "does not decode");
        }
        if (e.size() > MAX_IN_MEMORY_SHARD) {
            throw new CheckpointException(indexName + ": tensor '" + name + "' has " + e.size()
                    + " bytes, more than one Java buffer can hold");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) e.size());
        shards.get(e.shard()).read(e.offset(), buf);
        buf.flip();
        CRC32C crc = new CRC32C();
        crc.update(buf.duplicate());
        int actual = mask((int) crc.getValue());
        if (actual != e.maskedCrc32c()) {
            throw new CheckpointException(shardNames.get(e.shard()) + ": tensor '" + name + "' (bytes "
                    + e.offset() + ".." + (e.offset() + e.size()) + ") fails its checksum: the index "
                    + indexName + " says masked CRC-32C " + hex(e.maskedCrc32c()) + ", the data gives "
                    + hex(actual) + "; the data file is corrupt");
        }
        return buf.order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The values of a float32 tensor, row-major. */
    public float[] floats(String name) throws IOException {
        Entry e = entry(name);
        if (e.dtype() != DType.FLOAT) {
            throw new CheckpointException(indexName + ": tensor '" + name + "' is " + e.dtype()
                    + ", not FLOAT; read it with bytes()");
        }
        float[] out = new float[Math.toIntExact(e.shape().size())];
        bytes(name).asFloatBuffer().get(out);
        return out;
    }

    /**
     * The bundle as a {@link TensorSource} for {@link Checkpoints#load}, under TensorFlow's own names
     * ({@code bert/encoder/layer_0/attention/self/query/kernel}) and shapes. Every tensor is listed; reading one
     * that is not float32 is an error naming it. Closing the source closes the bundle. A model whose checkpoint
     * names differ reads it through a view that renames, such as BERT's {@code TfCheckpointNames}.
     */
    public TensorSource source() {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        entries.values().forEach(e -> shapes.put(e.name(), e.shape()));
        return TensorSource.of(indexName, shapes,
                (name, manager) -> manager.create(floats(name), entry(name).shape()), this);
    }

    /** The index's name (file path, or archive!/entry), as errors give it. */
    public String indexName() {
        return indexName;
    }

    @Override
    public void close() throws IOException {
        closeAll(shards);
    }

    private static void closeAll(List<Shard> shards) throws IOException {
        IOException first = null;
        for (Shard s : shards) {
            try {
                s.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static Shard fileShard(FileChannel ch) throws IOException {
        long size = ch.size();
        return new Shard() {
            public long size() {
                return size;
            }

            public void read(long offset, ByteBuffer dst) throws IOException {
                long pos = offset;
                while (dst.hasRemaining()) {
                    int n = ch.read(dst, pos);
                    if (n < 0) { // the file shrank after opening
                        throw new CheckpointException("unexpected end of data file at byte " + pos);
                    }
                    pos += n;
                }
            }

            public void close() throws IOException {
                ch.close();
            }
        };
    }

    private static Shard memoryShard(ByteBuffer data) {
        return new Shard() {
            public long size() {
                return data.capacity();
            }

            public void read(long offset, ByteBuffer dst) {
                dst.put(data.duplicate().position((int) offset).limit((int) offset + dst.remaining()));
            }

            public void close() {
            }
        };
    }

    // ------------------------------------------------------------------ the index: an SSTable

    private record IndexContents(int numShards, Map<String, Entry> entries) {
    }

    /** Parses and checks a whole index file held in memory ({@code name} is for messages). */
    static IndexContents parseIndex(byte[] file, String name) throws CheckpointException {
        if (file.length < FOOTER_SIZE) {
            throw new CheckpointException(name + ": " + file.length + " bytes is too short for a tensor bundle "
                    + "index (its footer alone is " + FOOTER_SIZE + " bytes); the file is truncated");
        }
        ByteBuffer footer = ByteBuffer.wrap(file, file.length - FOOTER_SIZE, FOOTER_SIZE).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
        long magic = footer.getLong(FOOTER_SIZE - 8);
        if (magic != TABLE_MAGIC) {
            throw new CheckpointException(name + ": bad magic number 0x" + Long.toHexString(magic)
                    + " at the end of the file (expected 0x" + Long.toHexString(TABLE_MAGIC)
                    + "); this is not a TensorFlow tensor bundle index, or it is truncated");
        }
        Cursor f = new Cursor(file, file.length - FOOTER_SIZE, file.length - 8, name, "the footer");
        long[] metaindex = {f.varint64(), f.varint64()}; // checked for its checksum; TF writes it empty
        long[] index = {f.varint64(), f.varint64()};
        block(file, metaindex, name, "metaindex block");

        int numShards = -1;
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (byte[][] kv : block(file, index, name, "index block")) {
            Cursor h = new Cursor(kv[1], 0, kv[1].length, name, "an index block handle");
            long[] handle = {h.varint64(), h.varint64()};
            for (byte[][] entry : block(file, handle, name, "data block")) {
                String key = new String(entry[0], StandardCharsets.UTF_8);
                if (key.isEmpty()) {
                    numShards = parseHeader(entry[1], name);
                } else {
                    entries.put(key, parseEntry(key, entry[1], name));
                }
            }
        }
        if (numShards < 0) {
            throw new CheckpointException(name + ": the index has no header entry (the empty key); "
                    + "this is not a TensorFlow tensor bundle");
        }
        for (Entry e : entries.values()) {
            if (e.shard() >= numShards) {
                throw new CheckpointException(name + ": tensor '" + e.name() + "' is in shard " + e.shard()
                        + " but the header says there are " + numShards + " shards; the index is corrupt");
            }
        }
        return new IndexContents(numShards, entries);
    }

    /**
     * Reads the block at {@code handle} (offset, size): checks its trailer (no compression, matching checksum)
     * and returns its key-value pairs with the keys' shared prefixes restored.
     */
    private static List<byte[][]> block(byte[] file, long[] handle, String name, String what)
            throws CheckpointException {
        long offset = handle[0];
        long size = handle[1];
        String where = what + " at byte " + offset;
        if (offset < 0 || size < 4 || offset + size + BLOCK_TRAILER_SIZE > file.length - FOOTER_SIZE) {
            throw new CheckpointException(name + ": the " + where + " (" + size + " bytes) does not fit in the "
                    + file.length + "-byte file; the index is corrupt or truncated");
        }
        int start = (int) offset;
        int end = (int) (offset + size);
        int type = file[end] & 0xff;
        int stored = ByteBuffer.wrap(file, end + 1, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        CRC32C crc = new CRC32C();
        crc.update(file, start, (int) size + 1); // the checksum covers the block and its type byte
        int actual = mask((int) crc.getValue());
        if (actual != stored) {
            throw new CheckpointException(name + ": the " + where + " fails its checksum (stored masked CRC-32C "
                    + hex(stored) + ", computed " + hex(actual) + "); the index is corrupt");
        }
        if (type != 0) {
            throw new CheckpointException(name + ": the " + where + " is compressed (type " + type
                    + (type == 1 ? ", Snappy" : "") + "); TensorFlow writes bundles uncompressed and this reader"
                    + " reads only those");
        }
        // The restart array: its count is the block's last 4 bytes. Only the entries before it are data.
        // (Restart points let a lookup binary-search a block; reading every entry in order needs none.)
        ByteBuffer b = ByteBuffer.wrap(file, start, (int) size).slice().order(ByteOrder.LITTLE_ENDIAN);
        long restarts = b.getInt((int) size - 4) & 0xffffffffL;
        long entriesEnd = size - 4 - 4 * restarts;
        if (restarts < 1 || entriesEnd < 0) {
            throw new CheckpointException(name + ": the " + where + " claims " + restarts
                    + " restart points, which do not fit in its " + size + " bytes; the index is corrupt");
        }
        List<byte[][]> out = new ArrayList<>();
        Cursor c = new Cursor(file, start, start + (int) entriesEnd, name, "the " + where);
        byte[] key = new byte[0];
        while (c.hasMore()) {
            int shared = c.varint32();
            int unshared = c.varint32();
            int valueLength = c.varint32();
            if (shared > key.length) {
                throw new CheckpointException(name + ": the " + where + " has a key sharing " + shared
                        + " bytes with a previous key of " + key.length + "; the index is corrupt");
            }
            byte[] next = Arrays.copyOf(key, shared + unshared);
            System.arraycopy(c.bytes(unshared), 0, next, shared, unshared);
            key = next;
            out.add(new byte[][] {key, c.bytes(valueLength)});
        }
        return out;
    }

    // ------------------------------------------------------------------ the two protocol buffers

    /** BundleHeaderProto: 1 num_shards, 2 endianness (0 little, 1 big), 3 version. Returns the shard count. */
    private static int parseHeader(byte[] value, String name) throws CheckpointException {
        Cursor c = new Cursor(value, 0, value.length, name, "the bundle header");
        long numShards = 0;
        long endianness = 0;
        while (c.hasMore()) {
            long tag = c.varint64();
            switch ((int) tag) {
                case (1 << 3) -> numShards = c.varint64();
                case (2 << 3) -> endianness = c.varint64();
                default -> c.skip(tag);
            }
        }
        if (endianness != 0) {
            throw new CheckpointException(name + ": the bundle was written big-endian; only little-endian "
                    + "bundles (what TensorFlow writes on x86 and ARM) are supported");
        }
        if (numShards < 1 || numShards > 100_000) {
            throw new CheckpointException(name + ": the header says " + numShards + " shards; the index is corrupt");
        }
        return (int) numShards;
    }

    /**
     * BundleEntryProto: 1 dtype, 2 shape (TensorShapeProto: 2 repeated dim {1 size}, 3 unknown_rank),
     * 3 shard_id, 4 offset, 5 size, 6 crc32c (fixed32), 7 slices (partitioned variables, not supported).
     */
    private static Entry parseEntry(String tensor, byte[] value, String name) throws CheckpointException {
        String what = "the entry of tensor '" + tensor + "'";
        Cursor c = new Cursor(value, 0, value.length, name, what);
        int dtypeCode = 0;
        List<Long> dims = List.of(); // a scalar has no shape field at all
        long shard = 0;
        long offset = 0;
        long size = 0;
        int crc = 0;
        while (c.hasMore()) {
            long tag = c.varint64();
            switch ((int) tag) {
                case (1 << 3) -> dtypeCode = (int) c.varint64();
                case (2 << 3 | 2) -> dims = parseShape(c.message(), tensor, name);
                case (3 << 3) -> shard = c.varint64();
                case (4 << 3) -> offset = c.varint64();
                case (5 << 3) -> size = c.varint64();
                case (6 << 3 | 5) -> crc = c.fixed32();
                case (7 << 3 | 2) -> throw new CheckpointException(name + ": tensor '" + tensor + "' is stored as "
                        + "slices of a partitioned variable, which this reader does not support");
                default -> c.skip(tag);
            }
        }
        DType dtype = DType.of(dtypeCode);
        if (dtype == null) {
            throw new CheckpointException(name + ": tensor '" + tensor + "' has TensorFlow dtype code " + dtypeCode
                    + ", which this reader does not know (it reads " + Arrays.toString(DType.values()) + ")");
        }
        long[] d = new long[dims.size()];
        long elements = 1;
        for (int i = 0; i < d.length; i++) {
            d[i] = dims.get(i);
            if (d[i] < 0) {
                throw new CheckpointException(name + ": tensor '" + tensor + "' has a negative dimension " + dims);
            }
            elements = Math.multiplyExact(elements, d[i]);
        }
        Shape shape = new Shape(d);
        if (shard < 0 || shard > Integer.MAX_VALUE || offset < 0 || size < 0) {
            throw new CheckpointException(name + ": tensor '" + tensor + "' has shard " + shard + ", offset "
                    + offset + ", size " + size + "; the index is corrupt");
        }
        if (dtype != DType.STRING && size != elements * dtype.bytes) {
            throw new CheckpointException(name + ": tensor '" + tensor + "' is " + dtype + " of shape " + shape
                    + ", which is " + elements * dtype.bytes + " bytes, but the index gives it " + size
                    + " bytes; the index is corrupt");
        }
        return new Entry(tensor, dtype, shape, (int) shard, offset, size, crc);
    }

    /** TensorShapeProto: 2 repeated dim (Dim: 1 size, 2 name), 3 unknown_rank. */
    private static List<Long> parseShape(Cursor shape, String tensor, String name) throws CheckpointException {
        List<Long> dims = new ArrayList<>();
        while (shape.hasMore()) {
            long tag = shape.varint64();
            if (tag == (2 << 3 | 2)) {
                Cursor dim = shape.message();
                long size = 0; // proto3 leaves out a zero
                while (dim.hasMore()) {
                    long t = dim.varint64();
                    if (t == (1 << 3)) {
                        size = dim.varint64();
                    } else {
                        dim.skip(t);
                    }
                }
                dims.add(size);
            } else if (tag == (3 << 3)) {
                if (shape.varint64() != 0) { // a saved variable always has a known shape
                    throw new CheckpointException(name + ": tensor '" + tensor + "' has an unknown rank");
                }
            } else {
                shape.skip(tag);
            }
        }
        return dims;
    }

    /** Reads varints, fixed32s and length-delimited fields from a byte range, with errors naming where. */
    private static final class Cursor {
        private final byte[] b;
        private int pos;
        private final int end;
        private final String file;
        private final String what;

        Cursor(byte[] b, int pos, int end, String file, String what) {
            this.b = b;
            this.pos = pos;
            this.end = end;
            this.file = file;
            this.what = what;
        }

        boolean hasMore() {
            return pos < end;
        }

        long varint64() throws CheckpointException {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) {
                    throw corrupt("a number runs past its end");
                }
                int x = b[pos++];
                v |= (long) (x & 0x7f) << shift;
                if (x >= 0) { // high bit clear: last byte
                    return v;
                }
            }
            throw corrupt("a number is longer than 10 bytes");
        }

        int varint32() throws CheckpointException {
            long v = varint64();
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw corrupt("a length of " + v + " is out of range");
            }
            return (int) v;
        }

        int fixed32() throws CheckpointException {
            if (end - pos < 4) {
                throw corrupt("a 4-byte field runs past its end");
            }
            int v = ByteBuffer.wrap(b, pos, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            pos += 4;
            return v;
        }

        byte[] bytes(int n) throws CheckpointException {
            if (n > end - pos) {
                throw corrupt(n + " bytes are claimed but only " + (end - pos) + " remain");
            }
            byte[] out = Arrays.copyOfRange(b, pos, pos + n);
            pos += n;
            return out;
        }

        /** An embedded message: a cursor over the next length-delimited field. */
        Cursor message() throws CheckpointException {
            int n = varint32();
            if (n > end - pos) {
                throw corrupt("a field of " + n + " bytes runs past its end");
            }
            Cursor c = new Cursor(b, pos, pos + n, file, what);
            pos += n;
            return c;
        }

        /** Skips a field this reader does not use, by its wire type. */
        void skip(long tag) throws CheckpointException {
            switch ((int) (tag & 7)) {
                case 0 -> varint64();
                case 1 -> bytes(8);
                case 2 -> bytes(varint32());
                case 5 -> bytes(4);
                default -> throw corrupt("unknown protobuf wire type " + (tag & 7));
            }
        }

        private CheckpointException corrupt(String detail) {
            return new CheckpointException(file + ": " + what + " is malformed (" + detail + " at byte " + pos
                    + "); the index is corrupt");
        }
    }

    /** TensorFlow and LevelDB store CRC-32C values "masked", so a checksum of data holding checksums stays robust. */
    static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    }

    private static String hex(int v) {
        return String.format("0x%08x", v);
    }
}
