package org.tlnlp.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reading a gzip-compressed tar archive in the POSIX "ustar" layout, the way {@code tar --format=ustar} writes
 * it: the archive is a sequence of 512-byte blocks; each file is one header block (its name, its size in octal,
 * a checksum of the header) followed by its bytes, padded to a whole block; two zero blocks end the archive.
 * Only plain files are expected; anything else (links, folders, extended headers) is an error.
 *
 * <p>One gzip stream over all the files compresses much better than a zip, which compresses each file on its
 * own: the SpamAssassin messages share most of their header lines.
 */
final class TarArchive {

    private static final int BLOCK = 512;

    private TarArchive() {
    }

    /** The files of a {@code .tar.gz}, by name, in archive order. {@code name} is used in error messages. */
    static Map<String, byte[]> readTarGz(byte[] tarGz, String name) throws IOException {
        byte[] tar;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(tarGz))) {
            tar = in.readAllBytes();
        } catch (IOException e) {
            throw new IOException(name + ": not a readable gzip stream (" + e.getMessage() + ")", e);
        }
        return readTar(tar, name);
    }

    /** The files of an uncompressed tar archive, by name, in archive order. */
    static Map<String, byte[]> readTar(byte[] tar, String name) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        int at = 0;
        while (true) {
            if (at + BLOCK > tar.length) {
                throw new IOException(name + ": ends at byte " + tar.length + " without the two zero blocks that end "
                        + "a tar archive (the file is cut short)");
            }
            byte[] header = Arrays.copyOfRange(tar, at, at + BLOCK);
            if (isZero(header)) {
                return files;
            }
            String where = name + ": the header at byte " + at;
            checkHeaderSum(header, where);
            String file = field(header, 345, 155).isEmpty() ? field(header, 0, 100)
                    : field(header, 345, 155) + "/" + field(header, 0, 100);
            char type = (char) header[156];
            if (type != '0' && type != '\0') {
                throw new IOException(where + " (" + file + ") is of type '" + type + "'; only plain files are expected");
            }
            long size = octal(field(header, 124, 12), where + " (" + file + "): size");
            int start = at + BLOCK;
            if (start + size > tar.length) {
                throw new IOException(where + " (" + file + ") announces " + size + " bytes, but the archive ends after "
                        + (tar.length - start));
            }
            if (files.put(file, Arrays.copyOfRange(tar, start, start + (int) size)) != null) {
                throw new IOException(where + ": the file " + file + " occurs twice");
            }
            at = start + (int) ((size + BLOCK - 1) / BLOCK * BLOCK);
        }
    }

    /**
     * The header's checksum (bytes 148..155, octal) is the sum of all 512 header bytes, counted unsigned, with the
     * checksum field itself counted as eight spaces.
     */
    private static void checkHeaderSum(byte[] header, String where) throws IOException {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += i >= 148 && i < 156 ? ' ' : header[i] & 0xFF;
        }
        long written = octal(field(header, 148, 8), where + ": checksum");
        if (sum != written) {
            throw new IOException(where + " is damaged: its checksum says " + written + " but its bytes sum to " + sum);
        }
    }

    /** A text field: ASCII up to the first NUL, spaces around it removed. */
    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII).strip();
    }

    private static long octal(String digits, String what) throws IOException {
        if (!digits.matches("[0-7]{1,11}")) {
            throw new IOException(what + " should be an octal number, found '" + digits + "'");
        }
        return Long.parseLong(digits, 8);
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
