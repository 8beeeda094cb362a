package org.tlnlp.text;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * ELMo's input: every token as 50 character ids, exactly as the published model reads them (Peters et al.
 * 2018; the ids of bilm-tf and AllenNLP's {@code batch_to_ids}). A token's UTF-8 bytes (at most 48) sit
 * between a begin-of-word and an end-of-word marker, padded with a padding id; every id is then shifted by
 * one so that 0 can mean "no token" (padding of the batch).
 *
 * <p>Before the shift: bytes are 0..255, begin-of-sentence 256, end-of-sentence 257, begin-of-word 258,
 * end-of-word 259, padding 260. The sentence boundary tokens are words made of one of those characters; the
 * model adds them itself ({@link #withSentenceBoundaries}), {@link #batchToIds} does not. A token written
 * {@code <S>} or {@code </S>} in the text is that boundary token too, as in AllenNLP's
 * {@code ELMoCharacterMapper} (its {@code bos_token} and {@code eos_token}), not the bytes of its spelling.
 */
public final class ElmoCharacters {

    public static final int MAX_CHARS = 50;
    public static final int BEGIN_SENTENCE = 256;
    public static final int END_SENTENCE = 257;
    public static final int BEGIN_WORD = 258;
    public static final int END_WORD = 259;
    public static final int PADDING = 260;
    /** Ids 0..261 after the shift: the size of the character embedding table. */
    public static final int VOCAB = 262;

    private ElmoCharacters() {
    }

    /** The begin-of-sentence token, as written in text: it gets {@link #boundary}{@code (true)}. */
    public static final String BOS_TOKEN = "<S>";
    /** The end-of-sentence token, as written in text: it gets {@link #boundary}{@code (false)}. */
    public static final String EOS_TOKEN = "</S>";

    /**
     * The 50 ids (shifted: 1..261) of one token. Tokens longer than 48 bytes keep their first 48; {@code <S>} and
     * {@code </S>} are the sentence boundaries' ids.
     */
    public static int[] ids(String token) {
        if (token.equals(BOS_TOKEN) || token.equals(EOS_TOKEN)) {
            return boundary(token.equals(BOS_TOKEN));
        }
        byte[] bytes = token.getBytes(StandardCharsets.UTF_8);
        int[] out = new int[MAX_CHARS];
        java.util.Arrays.fill(out, PADDING + 1);
        out[0] = BEGIN_WORD + 1;
        int n = Math.min(bytes.length, MAX_CHARS - 2);
        for (int i = 0; i < n; i++) {
            out[i + 1] = (bytes[i] & 0xFF) + 1;
        }
        out[n + 1] = END_WORD + 1;
        return out;
    }

    /** The ids of the begin- or end-of-sentence token (a word made of one special character). */
    public static int[] boundary(boolean begin) {
        int[] out = new int[MAX_CHARS];
        java.util.Arrays.fill(out, PADDING + 1);
        out[0] = BEGIN_WORD + 1;
        out[1] = (begin ? BEGIN_SENTENCE : END_SENTENCE) + 1;
        out[2] = END_WORD + 1;
        return out;
    }

    /**
     * The lecture's {@code batch_to_ids}: sentences of tokens → ids of shape (batch, longest sentence, 50),
     * flattened row-major; positions past a sentence's end are all 0.
     */
    public static int[] batchToIds(List<List<String>> sentences) {
        int t = longest(sentences);
        int[] out = new int[sentences.size() * t * MAX_CHARS];
        for (int b = 0; b < sentences.size(); b++) {
            List<String> s = sentences.get(b);
            for (int i = 0; i < s.size(); i++) {
                System.arraycopy(ids(s.get(i)), 0, out, (b * t + i) * MAX_CHARS, MAX_CHARS);
            }
        }
        return out;
    }

    /** The number of tokens of the longest sentence (the batch's time dimension). */
    public static int longest(List<List<String>> sentences) {
        return sentences.stream().mapToInt(List::size).max().orElse(0);
    }

    /**
     * Adds the sentence boundary tokens to ids (B, T, 50) flattened, as ELMo does before its biLM: each
     * sentence becomes {@code <S> tokens </S>} (length T + 2, padding after). {@code lengths} are the
     * sentences' token counts.
     */
    public static int[] withSentenceBoundaries(int[] ids, int[] lengths, int t) {
        int b = lengths.length;
        int[] out = new int[b * (t + 2) * MAX_CHARS];
        int[] bos = boundary(true);
        int[] eos = boundary(false);
        for (int r = 0; r < b; r++) {
            int base = r * (t + 2) * MAX_CHARS;
            System.arraycopy(bos, 0, out, base, MAX_CHARS);
            System.arraycopy(ids, r * t * MAX_CHARS, out, base + MAX_CHARS, lengths[r] * MAX_CHARS);
            System.arraycopy(eos, 0, out, base + (lengths[r] + 1) * MAX_CHARS, MAX_CHARS);
        }
        return out;
    }
}
