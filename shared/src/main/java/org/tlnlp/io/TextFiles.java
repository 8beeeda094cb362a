package org.tlnlp.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading text files as UTF-8, strictly: bytes that are not UTF-8 are an error naming the file, line and column. */
public final class TextFiles {

    private TextFiles() {
    }

    /** The file's text; an error naming the file (and that it is a folder, or missing) when it cannot be read as UTF-8. */
    public static String readUtf8(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + " is a folder; a text file was expected");
        }
        if (!Files.exists(file)) {
            throw new IOException(file + ": no such file");
        }
        byte[] bytes = Files.readAllBytes(file);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            int at = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            throw new IOException(String.format(java.util.Locale.ROOT, "%s, line %d, byte %d of the line: not UTF-8 "
                    + "(byte 0x%02X); save the file as UTF-8", file, line, at - lineStart + 1, bytes[at] & 0xFF));
        }
        decoder.flush(out);
        return out.flip().toString();
    }
}
