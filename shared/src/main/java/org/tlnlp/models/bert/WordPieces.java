package org.tlnlp.models.bert;

import org.tlnlp.text.BertTokenizer;
import org.tlnlp.text.Encoding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Words that already come split (a tagged corpus) as BERT reads them: {@code [CLS]}, each word's pieces,
 * {@code [SEP]}, and where each word starts. A word is labelled at its first piece (Devlin et al. 2019, section
 * 5.3), so a tagger needs exactly these positions.
 */
public final class WordPieces {

    private WordPieces() {
    }

    /**
     * An encoding and the position of each word's first piece.
     *
     * @param encoding   {@code [CLS] pieces… [SEP]}
     * @param firstPiece per word, the position of its first piece; -1 for a word that has no pieces (one made only
     *                   of characters the tokenizer drops) or that did not fit in {@code maxLength}
     */
    public record Aligned(Encoding encoding, int[] firstPiece) {

        /** Per position, the label of the word starting there, {@code none} elsewhere. */
        public int[] positionLabels(int[] wordLabels, int none) {
            if (wordLabels.length != firstPiece.length) {
                throw new IllegalArgumentException(wordLabels.length + " word labels for " + firstPiece.length + " words");
            }
            int[] out = new int[encoding.length()];
            Arrays.fill(out, none);
            for (int w = 0; w < firstPiece.length; w++) {
                if (firstPiece[w] >= 0) {
                    out[firstPiece[w]] = wordLabels[w];
                }
            }
            return out;
        }

        /** The first-piece positions of the words that have one, in order. */
        public int[] positions() {
            return Arrays.stream(firstPiece).filter(p -> p >= 0).toArray();
        }
    }

    /** Encodes {@code words} as one sequence of at most {@code maxLength} pieces; words that do not fit are cut. */
    public static Aligned encode(BertTokenizer tokenizer, List<String> words, int maxLength) {
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength " + maxLength + " leaves no room for [CLS] and [SEP]");
        }
        List<String> tokens = new ArrayList<>();
        tokens.add(BertTokenizer.CLS);
        int[] first = new int[words.size()];
        Arrays.fill(first, -1);
        for (int w = 0; w < words.size(); w++) {
            List<String> pieces = tokenizer.tokenize(words.get(w));
            if (pieces.isEmpty()) {
                continue;
            }
            if (tokens.size() + pieces.size() > maxLength - 1) {
                break;
            }
            first[w] = tokens.size();
            tokens.addAll(pieces);
        }
        tokens.add(BertTokenizer.SEP);
        int[] ids = tokens.stream().mapToInt(tokenizer::id).toArray();
        int[] ones = new int[ids.length];
        Arrays.fill(ones, 1);
        return new Aligned(new Encoding(List.copyOf(tokens), ids, new int[ids.length], ones), first);
    }
}
