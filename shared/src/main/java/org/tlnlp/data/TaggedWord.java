package org.tlnlp.data;

/** One token of a tagged corpus: the word as written and its part-of-speech tag. */
public record TaggedWord(String word, String tag) {

    /** Parses Brown's {@code word/tag} notation; the tag follows the last slash (words may contain one). */
    public static TaggedWord parse(String token) {
        int slash = token.lastIndexOf('/');
        if (slash <= 0 || slash == token.length() - 1) {
            throw new IllegalArgumentException("expected word/tag, got '" + token + "'");
        }
        return new TaggedWord(token.substring(0, slash), token.substring(slash + 1));
    }
}
