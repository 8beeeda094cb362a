package org.tlnlp.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Sentence pairs for next-sentence prediction (Devlin et al. 2019): each sentence with its successor half the
 * time, with a random sentence of another document the other half.
 */
public final class SentencePairs {

    /** Two sentences, and whether the second really follows the first. */
    public record Pair(String first, String second, boolean isNext) {
    }

    private SentencePairs() {
    }

    /** The pairs of documents given as lists of sentences. */
    public static List<Pair> nextSentence(List<List<String>> documents, Random random) {
        List<Pair> out = new ArrayList<>();
        for (int d = 0; d < documents.size(); d++) {
            List<String> doc = documents.get(d);
            for (int i = 0; i + 1 < doc.size(); i++) {
                if (random.nextBoolean() || documents.size() < 2) {
                    out.add(new Pair(doc.get(i), doc.get(i + 1), true));
                } else {
                    int other;
                    do {
                        other = random.nextInt(documents.size());
                    } while (other == d || documents.get(other).isEmpty());
                    List<String> o = documents.get(other);
                    out.add(new Pair(doc.get(i), o.get(random.nextInt(o.size())), false));
                }
            }
        }
        return out;
    }
}
