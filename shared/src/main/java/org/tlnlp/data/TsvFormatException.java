package org.tlnlp.data;

import java.io.IOException;

/** A TSV file that does not have the expected shape; the message names the file and the line. */
public class TsvFormatException extends IOException {

    private final String file;
    private final int line;

    public TsvFormatException(String file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    /** 1-based line number where the problem starts. */
    public int line() {
        return line;
    }
}
