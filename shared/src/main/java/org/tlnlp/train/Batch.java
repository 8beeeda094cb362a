package org.tlnlp.train;

/**
 * One mini-batch. Each task has its own record with named fields (masked LM + next sentence, causal LM,
 * biLM, sequence classification, tagging, fixed features), built in one place and consumed by the head that
 * computes its loss; nothing reads a batch's arrays by position.
 */
public interface Batch {

    /** How many examples the batch holds (for throughput). */
    int size();
}
