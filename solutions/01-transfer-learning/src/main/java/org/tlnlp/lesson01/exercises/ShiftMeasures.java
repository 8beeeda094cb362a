package org.tlnlp.lesson01.exercises;

import org.tlnlp.data.TaggedWord;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Answer key for lesson 01, exercises 1.1 to 1.5. */
public final class ShiftMeasures {

    private ShiftMeasures() {
    }

    /** 1.1: |S ∩ T| / |S ∪ T|. */
    public static double vocabularyOverlap(Set<String> source, Set<String> target) {
        if (source.isEmpty() && target.isEmpty()) {
            return 1.0;
        }
        Set<String> intersection = new HashSet<>(source);
        intersection.retainAll(target);
        Set<String> union = new HashSet<>(source);
        union.addAll(target);
        return intersection.size() / (double) union.size();
    }

    /** 1.2: the share of target tokens whose word the source never has. */
    public static double oovRate(Map<String, Long> targetCounts, Set<String> sourceVocabulary) {
        long tokens = 0;
        long unseen = 0;
        for (Map.Entry<String, Long> e : targetCounts.entrySet()) {
            tokens += e.getValue();
            if (!sourceVocabulary.contains(e.getKey())) {
                unseen += e.getValue();
            }
        }
        return tokens == 0 ? 0.0 : (double) unseen / tokens;
    }

    /** 1.3: ½ KL(P‖M) + ½ KL(Q‖M), M = (P + Q) / 2, in bits. */
    public static double jensenShannon(Map<String, Long> p, Map<String, Long> q) {
        double totalP = p.values().stream().mapToLong(Long::longValue).sum();
        double totalQ = q.values().stream().mapToLong(Long::longValue).sum();
        Set<String> items = new HashSet<>(p.keySet());
        items.addAll(q.keySet());
        double js = 0;
        for (String item : items) {
            double pi = p.getOrDefault(item, 0L) / totalP;
            double qi = q.getOrDefault(item, 0L) / totalQ;
            double mi = (pi + qi) / 2;
            if (pi > 0) {
                js += 0.5 * pi * log2(pi / mi);
            }
            if (qi > 0) {
                js += 0.5 * qi * log2(qi / mi);
            }
        }
        return js;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    /** 1.4: ½ Σ |p_i − q_i|. */
    public static double totalVariation(Map<String, Long> p, Map<String, Long> q) {
        double totalP = p.values().stream().mapToLong(Long::longValue).sum();
        double totalQ = q.values().stream().mapToLong(Long::longValue).sum();
        Set<String> labels = new HashSet<>(p.keySet());
        labels.addAll(q.keySet());
        double sum = 0;
        for (String label : labels) {
            sum += Math.abs(p.getOrDefault(label, 0L) / totalP - q.getOrDefault(label, 0L) / totalQ);
        }
        return sum / 2;
    }

    /** 1.5: a most-frequent-tag tagger, scored on known words only. */
    public static double mostFrequentTagAccuracy(List<TaggedWord> train, List<TaggedWord> test) {
        Map<String, Map<String, Integer>> tagCounts = new HashMap<>();
        for (TaggedWord t : train) {
            tagCounts.computeIfAbsent(t.word(), w -> new HashMap<>()).merge(t.tag(), 1, Integer::sum);
        }
        Map<String, String> bestTag = new HashMap<>();
        tagCounts.forEach((word, counts) -> {
            String best = null;
            int bestCount = -1;
            for (Map.Entry<String, Integer> e : counts.entrySet()) {
                boolean better = e.getValue() > bestCount
                        || e.getValue() == bestCount && e.getKey().compareTo(best) < 0;
                if (better) {
                    best = e.getKey();
                    bestCount = e.getValue();
                }
            }
            bestTag.put(word, best);
        });
        int known = 0;
        int right = 0;
        for (TaggedWord t : test) {
            String guess = bestTag.get(t.word());
            if (guess != null) {
                known++;
                if (guess.equals(t.tag())) {
                    right++;
                }
            }
        }
        return known == 0 ? Double.NaN : (double) right / known;
    }
}
