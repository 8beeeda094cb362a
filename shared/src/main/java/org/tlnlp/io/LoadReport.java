package org.tlnlp.io;

import java.util.List;

/**
 * What {@link Checkpoints#load} did: the file, how many tensors it copied into the model, the model's
 * parameters the file lacks, the file's tensors the model has no place for, and the tensors skipped as
 * belonging elsewhere (the policy's ignored prefixes). Under a lenient policy the caller must read it.
 */
public record LoadReport(String source, int loaded, List<String> missing, List<String> unexpected, List<String> ignored) {

    public LoadReport {
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
        ignored = List.copyOf(ignored);
    }

    /** True when every parameter of the model came from the file and every tensor of the file was used. */
    public boolean complete() {
        return missing.isEmpty() && unexpected.isEmpty();
    }

    @Override
    public String toString() {
        return source + ": " + loaded + " tensors loaded" + (missing.isEmpty() ? "" : "; missing " + missing)
                + (unexpected.isEmpty() ? "" : "; unexpected " + unexpected)
                + (ignored.isEmpty() ? "" : "; ignored " + ignored.size());
    }
}
