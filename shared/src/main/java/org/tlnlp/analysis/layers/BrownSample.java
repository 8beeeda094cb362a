package org.tlnlp.analysis.layers;

import org.tlnlp.data.BrownCorpus;
import org.tlnlp.data.BrownTasks;
import org.tlnlp.data.Split;
import org.tlnlp.data.TaggedWord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fixed held-out sample of Brown words every layer analysis reads: the same sentences, in the same order, for
 * every model, so that row i of any model's {@link LayerStates} is the same word of the same sentence and layers of
 * different models can be compared row by row.
 *
 * <p><b>Which words.</b> Only documents that no course model trains on (the {@link Split#VALIDATION} documents, then
 * the {@link Split#TEST} ones) of the five genres of {@link BrownTasks#GENRES}. The genres take turns: a passage of
 * {@link #PASSAGE} consecutive sentences from the first genre, then one from the second, and so on, each genre's
 * passages in file order, until the sample holds at least the requested number of words. A small sample therefore
 * still covers every genre, and a larger one extends a smaller one (the first n words never change). Sentences with
 * more than {@code maxWords} words are skipped (a passage is then made of the next sentences of its document).
 *
 * <p><b>Labels that come with it.</b> Each word's coarse part-of-speech tag (Brown's tags mapped to the 12 universal
 * tags, {@link BrownTasks#universalTags}), its passage's genre, and a word type: the word lower-cased (BERT-base and
 * MiniLM are uncased, and one type inventory keeps the models comparable), numbered in order of first appearance.
 */
public final class BrownSample {

    /** Sentences per passage, the unit of the genre task (as in labs 04–06). */
    public static final int PASSAGE = 3;

    /** One sentence: its words as written, their tags, its passage and the passage's genre. */
    public record Sentence(List<String> words, int[] tags, int passage, int genre, String document) {
    }

    private final List<Sentence> sentences;
    private final int[] types;
    private final List<String> typeNames;
    private final int[] sentenceOf;
    private final int[] start;

    private BrownSample(List<Sentence> sentences) {
        this.sentences = List.copyOf(sentences);
        int n = sentences.stream().mapToInt(s -> s.words().size()).sum();
        types = new int[n];
        sentenceOf = new int[n];
        start = new int[sentences.size() + 1];
        Map<String, Integer> ids = new HashMap<>();
        List<String> names = new ArrayList<>();
        int row = 0;
        for (int s = 0; s < sentences.size(); s++) {
            start[s] = row;
            for (String w : sentences.get(s).words()) {
                String lower = w.toLowerCase(Locale.ROOT);
                types[row] = ids.computeIfAbsent(lower, k -> {
                    names.add(k);
                    return names.size() - 1;
                });
                sentenceOf[row++] = s;
            }
        }
        start[sentences.size()] = row;
        typeNames = List.copyOf(names);
    }

    /**
     * The first {@code words} words (or a little more: whole passages) of the held-out sample described above,
     * skipping sentences longer than {@code maxWords}. Throws if the held-out documents hold fewer words.
     */
    public static BrownSample heldOut(int words, int maxWords) {
        if (words < 1 || maxWords < 1) {
            throw new IllegalArgumentException("expected words >= 1 and maxWords >= 1, got " + words + " and " + maxWords);
        }
        BrownCorpus corpus = BrownCorpus.load();
        List<List<Sentence>> perGenre = new ArrayList<>();
        for (int g = 0; g < BrownTasks.GENRES.size(); g++) {
            List<BrownCorpus.Document> docs = new ArrayList<>(corpus.documents(Split.VALIDATION, BrownTasks.GENRES.get(g)));
            docs.addAll(corpus.documents(Split.TEST, BrownTasks.GENRES.get(g)));
            List<Sentence> all = new ArrayList<>();
            for (BrownCorpus.Document d : docs) {
                for (List<TaggedWord> s : d.sentences()) {
                    if (!s.isEmpty() && s.size() <= maxWords) {
                        all.add(new Sentence(BrownTasks.words(s), BrownTasks.universalTags(s), -1, g, d.id()));
                    }
                }
            }
            perGenre.add(all);
        }
        List<Sentence> chosen = new ArrayList<>();
        int[] next = new int[perGenre.size()];
        int total = 0;
        int passage = 0;
        boolean any = true;
        while (total < words && any) {
            any = false;
            for (int g = 0; g < perGenre.size() && total < words; g++) {
                List<Sentence> pool = perGenre.get(g);
                if (next[g] >= pool.size()) {
                    continue;
                }
                any = true;
                String doc = pool.get(next[g]).document();
                for (int k = 0; k < PASSAGE && next[g] < pool.size() && pool.get(next[g]).document().equals(doc); k++) {
                    Sentence s = pool.get(next[g]++);
                    chosen.add(new Sentence(s.words(), s.tags(), passage, g, s.document()));
                    total += s.words().size();
                }
                passage++;
            }
        }
        if (total < words) {
            throw new IllegalArgumentException("the held-out Brown documents of " + BrownTasks.GENRES + " hold only "
                    + total + " words in sentences of at most " + maxWords + " words; asked for " + words);
        }
        return new BrownSample(chosen);
    }

    /** A sample of the given sentences (for tests and notebooks). */
    public static BrownSample of(List<Sentence> sentences) {
        return new BrownSample(sentences);
    }

    public List<Sentence> sentences() {
        return sentences;
    }

    /** Words in the sample: the rows of every {@link LayerStates} extracted from it. */
    public int words() {
        return types.length;
    }

    /** The row of the first word of sentence {@code s}; {@code start(sentences().size())} is {@link #words()}. */
    public int start(int s) {
        return start[s];
    }

    /** Each row's word type (the lower-cased word), numbered from 0 in order of first appearance. */
    public int[] types() {
        return types.clone();
    }

    /** The lower-cased word of type {@code t}. */
    public String typeName(int t) {
        return typeNames.get(t);
    }

    public int typeCount() {
        return typeNames.size();
    }

    /** The type of the word after each row in its sentence, or −1 for a sentence's last word. */
    public int[] nextTypes() {
        int[] next = new int[types.length];
        for (int i = 0; i < types.length; i++) {
            next[i] = i + 1 < types.length && sentenceOf[i + 1] == sentenceOf[i] ? types[i + 1] : -1;
        }
        return next;
    }

    /** Each row's universal part-of-speech tag (an index of {@code BrownTags.UNIVERSAL}). */
    public int[] tags() {
        int[] out = new int[types.length];
        for (int s = 0; s < sentences.size(); s++) {
            System.arraycopy(sentences.get(s).tags(), 0, out, start[s], sentences.get(s).tags().length);
        }
        return out;
    }

    /** Each row's sentence. */
    public int[] sentenceOf() {
        return sentenceOf.clone();
    }

    /** Each row's passage (consecutive sentences of one document), numbered from 0. */
    public int[] passageOf() {
        int[] out = new int[types.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = sentences.get(sentenceOf[i]).passage();
        }
        return out;
    }

    public int passages() {
        return sentences.isEmpty() ? 0 : sentences.get(sentences.size() - 1).passage() + 1;
    }

    /** Each passage's genre (an index of {@link BrownTasks#GENRES}). */
    public int[] passageGenres() {
        int[] out = new int[passages()];
        for (Sentence s : sentences) {
            out[s.passage()] = s.genre();
        }
        return out;
    }
}
