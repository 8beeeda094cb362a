package org.tlnlp.glue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A task's examples: training, the labelled dev sets and the test sets (unlabelled for GLUE; labelled for the
 * offline suite, whose test labels stand in for the benchmark's server), by set name, in file order; and notes on
 * what reading them met (rows skipped for missing fields).
 */
public record TaskData(TaskFormat format, List<Example> train, Map<String, List<Example>> dev,
                       Map<String, List<Example>> test, List<String> notes) {

    public TaskData {
        train = List.copyOf(train);
        dev = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(dev));
        test = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(test));
        notes = List.copyOf(notes);
    }

    public TaskSpec spec() {
        return format.spec();
    }

    public String name() {
        return format.spec().name();
    }

    /** The only test set, or an error naming the sets (MNLI has two). */
    public List<Example> onlyTest() {
        if (test.size() != 1) {
            throw new IllegalStateException(name() + " has test sets " + test.keySet() + ", not one");
        }
        return test.values().iterator().next();
    }

    /** Whether every test example has its label (the offline suite's, not GLUE's). */
    public boolean testLabelled() {
        return !test.isEmpty() && test.values().stream().flatMap(List::stream).allMatch(e -> e.label() != null);
    }
}
