package org.tlnlp.data;

/** Which part of a corpus a document belongs to. */
public enum Split {
    TRAIN, VALIDATION, TEST
}
