package org.tlnlp.io;

import java.io.IOException;

/** A checkpoint file that cannot be read or does not fit the model; the message names the file and tensor. */
public class CheckpointException extends IOException {

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
