package org.tlnlp.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Documents cut into passages of consecutive sentences: the examples of passage-level tasks. */
public final class Passages {

    /** A passage: which document and genre it comes from, and its tokens. */
    public record Passage(String documentId, String genre, List<TaggedWord> tokens) {

        /** The words separated by single spaces, as Brown writes them. */
        public String text() {
            return String.join(" ", tokens.stream().map(TaggedWord::word).toList());
        }

        /** The words whose (base) tag passes the filter, e.g. only nouns, verbs and adjectives. */
        public List<String> words(java.util.function.Predicate<String> tagFilter) {
            return tokens.stream().filter(t -> tagFilter.test(BrownTags.base(t.tag()))).map(TaggedWord::word).toList();
        }
    }

    private Passages() {
    }

    /**
     * Cuts each document into passages of {@code sentences} consecutive sentences (a shorter tail is
     * kept only if it has at least half as many), lower-casing the words.
     */
    public static List<Passage> of(List<BrownCorpus.Document> documents, int sentences) {
        return cut(documents, sentences, Math.max(1, sentences / 2), true);
    }

    /** Cuts each document into passages of exactly {@code sentences} consecutive sentences, words as written. */
    public static List<Passage> exact(List<BrownCorpus.Document> documents, int sentences) {
        return cut(documents, sentences, sentences, false);
    }

    private static List<Passage> cut(List<BrownCorpus.Document> documents, int sentences, int shortest, boolean lowercase) {
        List<Passage> out = new ArrayList<>();
        for (BrownCorpus.Document d : documents) {
            List<List<TaggedWord>> s = d.sentences();
            for (int from = 0; from < s.size(); from += sentences) {
                int to = Math.min(s.size(), from + sentences);
                if (to - from < shortest) {
                    break;
                }
                List<TaggedWord> tokens = new ArrayList<>();
                for (List<TaggedWord> sentence : s.subList(from, to)) {
                    for (TaggedWord t : sentence) {
                        tokens.add(lowercase ? new TaggedWord(t.word().toLowerCase(Locale.ROOT), t.tag()) : t);
                    }
                }
                out.add(new Passage(d.id(), d.genre(), List.copyOf(tokens)));
            }
        }
        return out;
    }
}
