package org.tlnlp.data;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reading the data sets that ship inside this library as resources of {@code org/tlnlp/data/}, and checking that
 * each is byte for byte the file its provenance describes (its SHA-256 is written in the loader and in the
 * resource's {@code *-PROVENANCE.md}).
 */
final class DataResources {

    /** Where the resources live, for messages. */
    static final String FOLDER = "org/tlnlp/data/";

    private DataResources() {
    }

    /**
     * The course's fixed 80/10/10 rule, as {@link BrownCorpus} uses it for documents: the {@code i}-th item (0-based)
     * of a stratum goes to {@link Split#VALIDATION} when {@code i % 10 == 2}, to {@link Split#TEST} when
     * {@code i % 10 == 5}, and to {@link Split#TRAIN} otherwise.
     */
    static Split splitOfPosition(int i) {
        return i % 10 == 2 ? Split.VALIDATION : i % 10 == 5 ? Split.TEST : Split.TRAIN;
    }

    /** All bytes of the resource {@code name} of this package; an error naming it when it is missing. */
    static byte[] bytes(String name) throws IOException {
        try (InputStream in = DataResources.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("resource " + FOLDER + name + " is missing from the class path");
            }
            return in.readAllBytes();
        }
    }

    /** The SHA-256 of the bytes, as 64 lower-case hex digits. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Checks that the bytes have the expected SHA-256; otherwise an error naming the resource and both checksums
     * (a damaged copy, or a file someone changed without updating its loader and provenance).
     */
    static void checkSha256(byte[] bytes, String name, String expected) throws IOException {
        String actual = sha256(bytes);
        if (!actual.equals(expected)) {
            throw new IOException(FOLDER + name + ": SHA-256 is " + actual + " but " + expected
                    + " was expected; the file is damaged or was changed (see its -PROVENANCE.md to rebuild it)");
        }
    }
}
