package org.tlnlp.text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The uncased BERT tokenizer: special tokens, {@link BasicTokenizer}, then {@link WordPiece}; single texts
 * ({@code [CLS] a [SEP]}) and pairs ({@code [CLS] a [SEP] b [SEP]}), truncation, padding and batches.
 * Its ids equal Hugging Face's {@code tokenizers} on the same vocabulary (checked on all of Brown in the
 * tests).
 */
public final class BertTokenizer {

    public static final String PAD = "[PAD]";
    public static final String UNK = "[UNK]";
    public static final String CLS = "[CLS]";
    public static final String SEP = "[SEP]";
    public static final String MASK = "[MASK]";
    private static final List<String> SPECIALS = List.of(PAD, UNK, CLS, SEP, MASK);

    private final Vocabulary vocabulary;
    private final BasicTokenizer basic;
    private final WordPiece wordPiece;

    public BertTokenizer(Vocabulary vocabulary, boolean lowercase) {
        for (String s : SPECIALS) {
            if (!vocabulary.contains(s)) {
                throw new IllegalArgumentException("the vocabulary lacks the special token " + s);
            }
        }
        this.vocabulary = vocabulary;
        this.basic = new BasicTokenizer(lowercase);
        this.wordPiece = WordPiece.bert(vocabulary);
    }

    /** From a Hugging Face {@code tokenizer.json} of a WordPiece (BERT) tokenizer. */
    public static BertTokenizer fromTokenizerJson(Path file) throws IOException {
        return new BertTokenizer(Vocabulary.fromTokenizerJson(file), true);
    }

    public static BertTokenizer fromTokenizerJson(InputStream in, String name) throws IOException {
        return new BertTokenizer(Vocabulary.fromTokenizerJson(in, name), true);
    }

    /** From BERT's {@code vocab.txt}. */
    public static BertTokenizer fromVocabTxt(Path file, boolean lowercase) throws IOException {
        return new BertTokenizer(Vocabulary.fromVocabTxt(file), lowercase);
    }

    /** The tokenizer of a model folder: {@code tokenizer.json} if present, else {@code vocab.txt}. */
    public static BertTokenizer fromDirectory(Path dir) throws IOException {
        if (Files.exists(dir.resolve("tokenizer.json"))) {
            return fromTokenizerJson(dir.resolve("tokenizer.json"));
        }
        if (Files.exists(dir.resolve("vocab.txt"))) {
            return fromVocabTxt(dir.resolve("vocab.txt"), true);
        }
        throw new IOException(dir + ": neither tokenizer.json nor vocab.txt is there");
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public int id(String token) {
        return vocabulary.id(token);
    }

    /** The word pieces of a text, special tokens written in it kept whole; no [CLS]/[SEP] added. */
    public List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        int from = 0;
        while (from <= text.length()) {
            int next = -1;
            String special = null;
            for (String s : SPECIALS) {
                int i = text.indexOf(s, from);
                if (i >= 0 && (next < 0 || i < next)) {
                    next = i;
                    special = s;
                }
            }
            String plain = next < 0 ? text.substring(from) : text.substring(from, next);
            for (String word : basic.tokenize(plain)) {
                out.addAll(wordPiece.split(word));
            }
            if (next < 0) {
                break;
            }
            out.add(special);
            from = next + special.length();
        }
        return out;
    }

    /** {@code [CLS] text [SEP]}. */
    public Encoding encode(String text) {
        return encode(text, null, Integer.MAX_VALUE);
    }

    /** {@code [CLS] a [SEP] b [SEP]}. */
    public Encoding encode(String a, String b) {
        return encode(a, b, Integer.MAX_VALUE);
    }

    /**
     * One text or a pair, with the special tokens, truncated to at most {@code maxLength} tokens: pieces are
     * taken from the end of the longer text (of the second on a tie) until it fits.
     */
    public Encoding encode(String a, String b, int maxLength) {
        List<String> first = new ArrayList<>(tokenize(a));
        List<String> second = b == null ? null : new ArrayList<>(tokenize(b));
        int specials = b == null ? 2 : 3;
        if (maxLength < specials) {
            throw new IllegalArgumentException("maxLength " + maxLength + " leaves no room for the special tokens");
        }
        int budget = maxLength == Integer.MAX_VALUE ? Integer.MAX_VALUE : maxLength - specials;
        while (first.size() + (second == null ? 0 : second.size()) > budget) {
            if (second == null || first.size() > second.size()) {
                first.remove(first.size() - 1);
            } else {
                second.remove(second.size() - 1);
            }
        }
        List<String> tokens = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        tokens.add(CLS);
        types.add(0);
        for (String t : first) {
            tokens.add(t);
            types.add(0);
        }
        tokens.add(SEP);
        types.add(0);
        if (second != null) {
            for (String t : second) {
                tokens.add(t);
                types.add(1);
            }
            tokens.add(SEP);
            types.add(1);
        }
        int[] ids = tokens.stream().mapToInt(vocabulary::id).toArray();
        int[] mask = new int[ids.length];
        Arrays.fill(mask, 1);
        return new Encoding(List.copyOf(tokens), ids, types.stream().mapToInt(Integer::intValue).toArray(), mask);
    }

    /**
     * Encodes texts (or pairs, when {@code seconds} is not null) truncated to {@code maxLength} and padded
     * with {@code [PAD]} to the longest of them.
     */
    public List<Encoding> encodeBatch(List<String> firsts, List<String> seconds, int maxLength) {
        if (seconds != null && seconds.size() != firsts.size()) {
            throw new IllegalArgumentException(firsts.size() + " first texts but " + seconds.size() + " second texts");
        }
        List<Encoding> raw = new ArrayList<>();
        int longest = 0;
        for (int i = 0; i < firsts.size(); i++) {
            Encoding e = encode(firsts.get(i), seconds == null ? null : seconds.get(i), maxLength);
            raw.add(e);
            longest = Math.max(longest, e.length());
        }
        List<Encoding> padded = new ArrayList<>();
        for (Encoding e : raw) {
            padded.add(pad(e, longest));
        }
        return padded;
    }

    /** Pads with [PAD] (type 0, mask 0) to {@code length}. */
    public Encoding pad(Encoding e, int length) {
        int n = e.length();
        if (n >= length) {
            return e;
        }
        List<String> tokens = new ArrayList<>(e.tokens());
        int[] ids = Arrays.copyOf(e.ids(), length);
        int[] types = Arrays.copyOf(e.typeIds(), length);
        int[] mask = Arrays.copyOf(e.attentionMask(), length);
        int pad = vocabulary.id(PAD);
        for (int i = n; i < length; i++) {
            tokens.add(PAD);
            ids[i] = pad;
        }
        return new Encoding(List.copyOf(tokens), ids, types, mask);
    }

    /**
     * Text from ids: special tokens dropped, {@code ##} pieces glued to the previous piece, and the spaces
     * tokenisation put before punctuation and clitics taken out again.
     */
    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            String t = vocabulary.token(id);
            if (SPECIALS.contains(t)) {
                continue;
            }
            if (t.startsWith(WordPiece.CONTINUATION)) {
                sb.append(t.substring(2));
            } else {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(t);
            }
        }
        return sb.toString().replace(" .", ".").replace(" ?", "?").replace(" !", "!").replace(" ,", ",")
                .replace(" ' ", "'").replace(" n't", "n't").replace(" 'm", "'m").replace(" 's", "'s")
                .replace(" 've", "'ve").replace(" 're", "'re");
    }
}
