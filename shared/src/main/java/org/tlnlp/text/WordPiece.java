package org.tlnlp.text;

import java.util.ArrayList;
import java.util.List;

/**
 * WordPiece sub-words (Schuster and Nakajima 2012; BERT): each word is cut greedily into the longest
 * prefix found in the vocabulary, then the longest continuation written {@code ##piece}, and so on. A
 * word that cannot be cut this way, or that is longer than {@code maxChars} characters, becomes the
 * unknown token.
 */
public final class WordPiece {

    public static final String CONTINUATION = "##";

    private final Vocabulary vocabulary;
    private final String unknown;
    private final int maxChars;

    public WordPiece(Vocabulary vocabulary, String unknown, int maxChars) {
        if (!vocabulary.contains(unknown)) {
            throw new IllegalArgumentException("the vocabulary has no unknown token '" + unknown + "'");
        }
        this.vocabulary = vocabulary;
        this.unknown = unknown;
        this.maxChars = maxChars;
    }

    /** BERT's settings: {@code [UNK]}, at most 100 characters per word. */
    public static WordPiece bert(Vocabulary vocabulary) {
        return new WordPiece(vocabulary, "[UNK]", 100);
    }

    /** The sub-word tokens of one word (a word has no white space). */
    public List<String> split(String word) {
        int[] cps = word.codePoints().toArray();
        if (cps.length > maxChars) {
            return List.of(unknown);
        }
        List<String> pieces = new ArrayList<>();
        int start = 0;
        while (start < cps.length) {
            String found = null;
            int end = cps.length;
            while (end > start) {
                String candidate = (start > 0 ? CONTINUATION : "") + new String(cps, start, end - start);
                if (vocabulary.contains(candidate)) {
                    found = candidate;
                    break;
                }
                end--;
            }
            if (found == null) {
                return List.of(unknown);
            }
            pieces.add(found);
            start = end;
        }
        return pieces;
    }
}
