package org.tlnlp.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The course's tasks on the Brown corpus, drawn the same way in every lab: genre classification of short
 * passages, part-of-speech tagging of sentences, and plain sentences and documents for pre-training.
 */
public final class BrownTasks {

    /** The five genres the genre task tells apart (chance: 0.2). */
    public static final List<String> GENRES = List.of("news", "religion", "hobbies", "learned", "romance");

    /** A passage and the index of its genre in {@link #GENRES}. */
    public record GenrePassage(Passages.Passage passage, int label) {
        public String text() {
            return passage.text();
        }

        /** The words, at most {@code max} of them. */
        public List<String> words(int max) {
            List<String> w = passage.tokens().stream().map(TaggedWord::word).toList();
            return w.size() > max ? w.subList(0, max) : w;
        }
    }

    private BrownTasks() {
    }

    /**
     * Passages of {@code sentences} whole sentences from the split's documents of each genre of {@link #GENRES}:
     * each genre's passages are shuffled with {@code random} and its first {@code perGenre} kept, genre after genre.
     */
    public static List<GenrePassage> genrePassages(Split split, int sentences, int perGenre, Random random) {
        List<GenrePassage> out = new ArrayList<>();
        for (int g = 0; g < GENRES.size(); g++) {
            List<Passages.Passage> p = new ArrayList<>(Passages.exact(BrownCorpus.load().documents(split, GENRES.get(g)),
                    sentences));
            Collections.shuffle(p, random);
            for (Passages.Passage x : p.subList(0, Math.min(perGenre, p.size()))) {
                out.add(new GenrePassage(x, g));
            }
        }
        return out;
    }

    /**
     * Tagged sentences of the split with {@code minWords} to {@code maxWords} words, shuffled with
     * {@code random}, the first {@code count} of them.
     */
    public static List<List<TaggedWord>> taggedSentences(Split split, int minWords, int maxWords, int count, Random random) {
        List<List<TaggedWord>> out = new ArrayList<>();
        for (BrownCorpus.Document d : BrownCorpus.load().documents(split)) {
            for (List<TaggedWord> s : d.sentences()) {
                if (s.size() >= minWords && s.size() <= maxWords) {
                    out.add(s);
                }
            }
        }
        Collections.shuffle(out, random);
        return out.subList(0, Math.min(count, out.size()));
    }

    /** Every sentence of the split as words (case kept), cut to {@code maxWords}; empty sentences left out. */
    public static List<List<String>> sentences(Split split, int maxWords) {
        List<List<String>> out = new ArrayList<>();
        for (BrownCorpus.Document d : BrownCorpus.load().documents(split)) {
            for (List<TaggedWord> s : d.sentences()) {
                List<String> w = words(s);
                if (!w.isEmpty()) {
                    out.add(w.size() > maxWords ? w.subList(0, maxWords) : w);
                }
            }
        }
        return out;
    }

    /** Every document of the split as its sentences, each sentence's words joined by spaces. */
    public static List<List<String>> documents(Split split) {
        return BrownCorpus.load().documents(split).stream().map(d -> d.sentences().stream().map(BrownTasks::text).toList())
                .toList();
    }

    /** A document's text: its sentences' words joined by single spaces. */
    public static String text(BrownCorpus.Document d) {
        return String.join(" ", d.sentences().stream().map(BrownTasks::text).toList());
    }

    /** A sentence's words joined by single spaces. */
    public static String text(List<TaggedWord> sentence) {
        return String.join(" ", words(sentence));
    }

    public static List<String> words(List<TaggedWord> sentence) {
        return sentence.stream().map(TaggedWord::word).toList();
    }

    /** Each word's coarse (universal) tag index in {@link BrownTags#UNIVERSAL}. */
    public static int[] universalTags(List<TaggedWord> sentence) {
        return sentence.stream().mapToInt(w -> BrownTags.UNIVERSAL.indexOf(BrownTags.universal(w.tag()))).toArray();
    }
}
