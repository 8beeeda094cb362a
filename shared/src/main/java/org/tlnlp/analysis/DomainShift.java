package org.tlnlp.analysis;

import org.tlnlp.data.BrownCorpus;
import org.tlnlp.data.BrownTags;
import org.tlnlp.data.Split;
import org.tlnlp.data.TaggedWord;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Measures of how a target domain differs from a source domain, one for each kind of difference the
 * lecture lists, computed from tagged text (words are the features X, part-of-speech tags the labels Y):
 *
 * <ol>
 *   <li>the feature spaces differ: {@link #jaccard} of the two vocabularies and the {@link #oovRate};</li>
 *   <li>the marginal distribution of words P(X) differs: {@link #jensenShannon} divergence of the unigram
 *       distributions;</li>
 *   <li>the label sets differ: {@link #jaccard} of the tag sets and the {@link #oovRate} of target labels;</li>
 *   <li>the label prior P(Y) differs: {@link #totalVariation} distance of the tag distributions;</li>
 *   <li>the conditional P(Y|X) differs: a {@link MostFrequentTag} classifier trained on the source
 *       loses accuracy on the target, even on words it knows ({@link #conditionalShift}).</li>
 * </ol>
 */
public final class DomainShift {

    private DomainShift() {
    }

    /** How often each item occurs. */
    public static <T> Map<String, Long> counts(List<T> items, Function<T, String> key) {
        return items.stream().collect(Collectors.groupingBy(key, HashMap::new, Collectors.counting()));
    }

    /** |A ∩ B| / |A ∪ B|: 1 for identical sets, 0 for disjoint ones (and 1 for two empty sets). */
    public static double jaccard(Set<String> a, Set<String> b) {
        if (a.isEmpty() && b.isEmpty()) {
            return 1.0;
        }
        Set<String> small = a.size() <= b.size() ? a : b;
        Set<String> large = small == a ? b : a;
        long both = small.stream().filter(large::contains).count();
        return both / (double) (a.size() + b.size() - both);
    }

    /** The share of target occurrences (tokens, not types) whose item never occurs in the source. */
    public static double oovRate(Map<String, Long> target, Set<String> source) {
        long total = 0;
        long unseen = 0;
        for (Map.Entry<String, Long> e : target.entrySet()) {
            total += e.getValue();
            if (!source.contains(e.getKey())) {
                unseen += e.getValue();
            }
        }
        return total == 0 ? 0.0 : unseen / (double) total;
    }

    /**
     * Jensen–Shannon divergence in bits between the distributions that two count tables define:
     * JS(P, Q) = ½ KL(P‖M) + ½ KL(Q‖M) with M = ½ (P + Q). It is symmetric, finite even where one side
     * has a zero, and lies in [0, 1].
     */
    public static double jensenShannon(Map<String, Long> p, Map<String, Long> q) {
        double np = total(p);
        double nq = total(q);
        if (np == 0 || nq == 0) {
            throw new IllegalArgumentException("both distributions need at least one count");
        }
        Set<String> support = new HashSet<>(p.keySet());
        support.addAll(q.keySet());
        double js = 0;
        for (String k : support) {
            double pi = p.getOrDefault(k, 0L) / np;
            double qi = q.getOrDefault(k, 0L) / nq;
            double mi = 0.5 * (pi + qi);
            if (pi > 0) {
                js += 0.5 * pi * Math.log(pi / mi);
            }
            if (qi > 0) {
                js += 0.5 * qi * Math.log(qi / mi);
            }
        }
        return Math.max(0.0, js / Math.log(2));
    }

    /** Total variation distance ½ Σ |p_i − q_i| between the distributions two count tables define. */
    public static double totalVariation(Map<String, Long> p, Map<String, Long> q) {
        double np = total(p);
        double nq = total(q);
        Set<String> support = new HashSet<>(p.keySet());
        support.addAll(q.keySet());
        double tv = 0;
        for (String k : support) {
            tv += Math.abs(p.getOrDefault(k, 0L) / np - q.getOrDefault(k, 0L) / nq);
        }
        return tv / 2;
    }

    /**
     * A classifier of P(Y|X) at its simplest: each word gets the tag it most often has in training; a word never
     * seen gets the tag most common among the words seen once (rare words behave like unseen ones: mostly nouns).
     */
    public static final class MostFrequentTag {

        private final Map<String, String> best = new HashMap<>();
        private final String unseen;

        public MostFrequentTag(List<TaggedWord> training) {
            Map<String, Map<String, Long>> byWord = new HashMap<>();
            for (TaggedWord t : training) {
                byWord.computeIfAbsent(t.word(), w -> new HashMap<>()).merge(t.tag(), 1L, Long::sum);
            }
            byWord.forEach((w, tags) -> best.put(w, mostFrequent(tags)));
            Map<String, Long> once = new HashMap<>();
            byWord.values().stream().filter(c -> c.values().stream().mapToLong(Long::longValue).sum() == 1)
                    .forEach(c -> c.keySet().forEach(tag -> once.merge(tag, 1L, Long::sum)));
            unseen = once.isEmpty() ? (byWord.isEmpty() ? null : mostFrequent(counts(training, TaggedWord::tag)))
                    : mostFrequent(once);
        }

        /** The key with the highest count; ties go to the alphabetically first, so nothing depends on map order. */
        private static String mostFrequent(Map<String, Long> counts) {
            return counts.entrySet().stream().max((a, b) -> a.getValue().equals(b.getValue())
                    ? b.getKey().compareTo(a.getKey()) : Long.compare(a.getValue(), b.getValue())).orElseThrow().getKey();
        }

        /** The word's most frequent tag, or the guess for unseen words. */
        public String tag(String word) {
            return best.getOrDefault(word, unseen);
        }

        public boolean knows(String word) {
            return best.containsKey(word);
        }

        public String predict(String word) {
            return best.get(word);
        }

        /** Accuracy on the test tokens whose word was seen in training (NaN when there are none). */
        public double accuracyOnKnownWords(List<TaggedWord> test) {
            long known = 0;
            long right = 0;
            for (TaggedWord t : test) {
                String guess = best.get(t.word());
                if (guess != null) {
                    known++;
                    if (guess.equals(t.tag())) {
                        right++;
                    }
                }
            }
            return known == 0 ? Double.NaN : right / (double) known;
        }
    }

    /**
     * The conditional shift as a classifier sees it: train {@link MostFrequentTag} on {@code sourceTrain},
     * and return its accuracy on held-out source text minus its accuracy on the target, both on known
     * words only (so unseen words, the feature-space shift, do not count here).
     */
    public static double conditionalShift(List<TaggedWord> sourceTrain, List<TaggedWord> sourceHeldOut,
                                          List<TaggedWord> target) {
        MostFrequentTag c = new MostFrequentTag(sourceTrain);
        return c.accuracyOnKnownWords(sourceHeldOut) - c.accuracyOnKnownWords(target);
    }

    /**
     * The conditional shift with P(X) held fixed. {@link #conditionalShift} compares accuracies over two different
     * word mixes: a target whose running text has more ambiguous words scores lower even when each word's tags are
     * distributed exactly as in the source. Here each word w seen in training, in the held-out source and in the
     * target gets its own accuracy gap, acc_source(w) − acc_target(w), and the gaps are averaged with the
     * target's word frequencies as weights, so both sides are scored on the same P(X) and only P(Y|X) can differ.
     * NaN when no word is in all three.
     */
    public static double conditionalShiftSameWords(List<TaggedWord> sourceTrain, List<TaggedWord> sourceHeldOut,
                                                   List<TaggedWord> target) {
        MostFrequentTag c = new MostFrequentTag(sourceTrain);
        Map<String, long[]> source = rightAndTotal(c, sourceHeldOut);
        Map<String, long[]> tgt = rightAndTotal(c, target);
        double gap = 0;
        long weight = 0;
        for (Map.Entry<String, long[]> e : tgt.entrySet()) {
            long[] s = source.get(e.getKey());
            if (s == null) {
                continue;
            }
            long[] t = e.getValue();
            gap += t[1] * (s[0] / (double) s[1] - t[0] / (double) t[1]);
            weight += t[1];
        }
        return weight == 0 ? Double.NaN : gap / weight;
    }

    /** For each known word of {@code test}: how often the tagger is right on it, and how often it occurs. */
    private static Map<String, long[]> rightAndTotal(MostFrequentTag c, List<TaggedWord> test) {
        Map<String, long[]> out = new HashMap<>();
        for (TaggedWord t : test) {
            String guess = c.predict(t.word());
            if (guess != null) {
                long[] rt = out.computeIfAbsent(t.word(), w -> new long[2]);
                rt[0] += guess.equals(t.tag()) ? 1 : 0;
                rt[1]++;
            }
        }
        return out;
    }

    private static double total(Map<String, Long> counts) {
        double n = 0;
        for (long v : counts.values()) {
            n += v;
        }
        return n;
    }

    // ------------------------------------------------------------------ on the Brown corpus

    /** A genre's tokens in a split: words lower-cased, tags without Brown's title/headline marks. */
    public static List<TaggedWord> tokens(BrownCorpus brown, Split split, String genre) {
        return brown.documents(split, genre).stream().flatMap(BrownCorpus.Document::tokens)
                .map(t -> new TaggedWord(t.word().toLowerCase(Locale.ROOT), BrownTags.base(t.tag()))).toList();
    }

    /** The five measures for the source genre against each target genre. */
    public static Table shiftTable(BrownCorpus brown, String source, List<String> targets) {
        return shiftTable(brown, source, targets, Measures.LIBRARY);
    }

    /**
     * The five measures, as {@code measures} computes them. The library's are the static methods of this class;
     * a learner's own (lesson 01's exercises, with {@code --mine}) implement the same interface.
     */
    public interface Measures {
        double jaccard(Set<String> a, Set<String> b);

        double oovRate(Map<String, Long> target, Set<String> sourceVocabulary);

        double jensenShannon(Map<String, Long> p, Map<String, Long> q);

        double totalVariation(Map<String, Long> p, Map<String, Long> q);

        /** The accuracy, on the test tokens whose word it knows, of a most-frequent-tag tagger trained on {@code train}. */
        double taggerAccuracy(List<TaggedWord> train, List<TaggedWord> test);

        Measures LIBRARY = new Measures() {
            @Override
            public double jaccard(Set<String> a, Set<String> b) {
                return DomainShift.jaccard(a, b);
            }

            @Override
            public double oovRate(Map<String, Long> target, Set<String> sourceVocabulary) {
                return DomainShift.oovRate(target, sourceVocabulary);
            }

            @Override
            public double jensenShannon(Map<String, Long> p, Map<String, Long> q) {
                return DomainShift.jensenShannon(p, q);
            }

            @Override
            public double totalVariation(Map<String, Long> p, Map<String, Long> q) {
                return DomainShift.totalVariation(p, q);
            }

            @Override
            public double taggerAccuracy(List<TaggedWord> train, List<TaggedWord> test) {
                return new MostFrequentTag(train).accuracyOnKnownWords(test);
            }
        };
    }

    /** {@link #shiftTable(BrownCorpus, String, List)} with the measures computed by {@code m}. */
    public static Table shiftTable(BrownCorpus brown, String source, List<String> targets, Measures m) {
        List<TaggedWord> src = tokens(brown, Split.TRAIN, source);
        List<TaggedWord> srcHeldOut = tokens(brown, Split.VALIDATION, source);
        Map<String, Long> srcWords = DomainShift.counts(src, TaggedWord::word);
        Map<String, Long> srcTags = DomainShift.counts(src, TaggedWord::tag);
        double inDomain = m.taggerAccuracy(src, srcHeldOut);

        StringColumn name = StringColumn.create("target");
        Map<String, DoubleColumn> cols = new LinkedHashMap<>();
        for (String c : List.of("vocab_jaccard", "oov_rate", "js_words", "tag_jaccard", "unseen_tag_rate", "tv_tags",
                "tagger_source", "tagger_target", "conditional_shift", "conditional_shift_same_words")) {
            cols.put(c, DoubleColumn.create(c));
        }
        for (String target : targets) {
            List<TaggedWord> tgt = tokens(brown, Split.TRAIN, target);
            Map<String, Long> tgtWords = DomainShift.counts(tgt, TaggedWord::word);
            Map<String, Long> tgtTags = DomainShift.counts(tgt, TaggedWord::tag);
            double cross = m.taggerAccuracy(src, tgt);
            name.append(target);
            cols.get("vocab_jaccard").append(m.jaccard(srcWords.keySet(), tgtWords.keySet()));
            cols.get("oov_rate").append(m.oovRate(tgtWords, srcWords.keySet()));
            cols.get("js_words").append(m.jensenShannon(srcWords, tgtWords));
            cols.get("tag_jaccard").append(m.jaccard(srcTags.keySet(), tgtTags.keySet()));
            cols.get("unseen_tag_rate").append(m.oovRate(tgtTags, srcTags.keySet()));
            cols.get("tv_tags").append(m.totalVariation(srcTags, tgtTags));
            cols.get("tagger_source").append(inDomain);
            cols.get("tagger_target").append(cross);
            cols.get("conditional_shift").append(inDomain - cross);
            cols.get("conditional_shift_same_words").append(conditionalShiftSameWords(src, srcHeldOut, tgt));
        }
        Table t = Table.create("Domain shift from " + source + " (training documents)", name);
        cols.values().forEach(t::addColumns);
        return t.sortAscendingOn("js_words");
    }

    /** Jensen-Shannon divergence between the word distributions of every pair of genres. */
    public static double[][] jsMatrix(BrownCorpus brown, List<String> genres) {
        List<Map<String, Long>> counts = new ArrayList<>();
        for (String g : genres) {
            counts.add(DomainShift.counts(tokens(brown, Split.TRAIN, g), TaggedWord::word));
        }
        double[][] js = new double[genres.size()][genres.size()];
        for (int i = 0; i < genres.size(); i++) {
            for (int j = i + 1; j < genres.size(); j++) {
                // three decimals are all a heat map can show
                js[i][j] = js[j][i] = Math.round(1000 * DomainShift.jensenShannon(counts.get(i), counts.get(j))) / 1000.0;
            }
        }
        return js;
    }
}
