package org.tlnlp.text;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The BERT tokenizer: special tokens, {@link BasicTokenizer}, then {@link WordPiece}; single texts
 * ({@code [CLS] a [SEP]}) and pairs ({@code [CLS] a [SEP] b [SEP]}), truncation, padding and batches.
 * Its ids equal Hugging Face's {@code tokenizers} on the same {@code tokenizer.json}, whatever its normaliser's
 * settings (checked in the tests on every code point, on all of Brown and on random strings).
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

    /** Hugging Face's defaults for {@code lowercase}: all normalisation steps, accents stripped when lower-casing. */
    public BertTokenizer(Vocabulary vocabulary, boolean lowercase) {
        this(vocabulary, new BasicTokenizer(lowercase), WordPiece.bert(vocabulary));
    }

    /** A tokenizer from its parts: normalisation and pre-tokenisation, then WordPiece on each word. */
    public BertTokenizer(Vocabulary vocabulary, BasicTokenizer basic, WordPiece wordPiece) {
        for (String s : SPECIALS) {
            if (!vocabulary.contains(s)) {
                throw new IllegalArgumentException("the vocabulary lacks the special token " + s);
            }
        }
        this.vocabulary = vocabulary;
        this.basic = basic;
        this.wordPiece = wordPiece;
    }

    /**
     * From a Hugging Face {@code tokenizer.json} of a WordPiece (BERT) tokenizer, with its normaliser's settings
     * ({@code lowercase}, {@code strip_accents}, {@code clean_text}, {@code handle_chinese_chars}) and its
     * WordPiece's ({@code unk_token}, {@code max_input_chars_per_word}). A file whose normaliser, pre-tokeniser
     * or model this class does not implement is an error that names the setting, never a silently different
     * tokenisation.
     */
    public static BertTokenizer fromTokenizerJson(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return fromTokenizerJson(in, file.toString());
        }
    }

    public static BertTokenizer fromTokenizerJson(InputStream in, String name) throws IOException {
        JsonObject root = Vocabulary.readJson(in, name);
        Vocabulary vocabulary = Vocabulary.fromTokenizerJson(root, name);
        BasicTokenizer basic = normalizer(root, name);
        JsonElement pre = root.get("pre_tokenizer");
        if (pre == null || !pre.isJsonObject() || !"BertPreTokenizer".equals(string(pre.getAsJsonObject(), "type"))) {
            throw new IOException(name + ": pre_tokenizer " + pre + " is not supported (only {\"type\": \"BertPreTokenizer\"})");
        }
        JsonObject model = root.getAsJsonObject("model");
        if (!"WordPiece".equals(string(model, "type"))) {
            throw new IOException(name + ": model.type " + model.get("type") + " is not supported (only WordPiece)");
        }
        if (model.has("continuing_subword_prefix")
                && !WordPiece.CONTINUATION.equals(string(model, "continuing_subword_prefix"))) {
            throw new IOException(name + ": model.continuing_subword_prefix " + model.get("continuing_subword_prefix")
                    + " is not supported (only \"" + WordPiece.CONTINUATION + "\")");
        }
        String unknown = model.has("unk_token") ? string(model, "unk_token") : UNK;
        int maxChars = model.has("max_input_chars_per_word") ? model.get("max_input_chars_per_word").getAsInt() : 100;
        if (!vocabulary.contains(String.valueOf(unknown))) {
            throw new IOException(name + ": model.unk_token " + model.get("unk_token") + " is not in model.vocab");
        }
        return new BertTokenizer(vocabulary, basic, new WordPiece(vocabulary, unknown, maxChars));
    }

    /**
     * The {@code normalizer} of a {@code tokenizer.json}, read as Hugging Face reads it: null means none;
     * a {@code BertNormalizer} must give {@code clean_text}, {@code handle_chinese_chars} and {@code lowercase}
     * as booleans, and {@code strip_accents} as a boolean or null (or leave it out), null meaning "as lowercase".
     */
    static BasicTokenizer normalizer(JsonObject root, String name) throws IOException {
        JsonElement n = root.get("normalizer");
        if (n == null || n.isJsonNull()) {
            return new BasicTokenizer(false, false, false, false);
        }
        if (!n.isJsonObject() || !"BertNormalizer".equals(string(n.getAsJsonObject(), "type"))) {
            throw new IOException(name + ": normalizer " + n + " is not supported (only BertNormalizer, or null)");
        }
        JsonObject o = n.getAsJsonObject();
        boolean lowercase = flag(o, "lowercase", name);
        JsonElement strip = o.get("strip_accents");
        boolean stripAccents = strip == null || strip.isJsonNull() ? lowercase : flag(o, "strip_accents", name);
        return new BasicTokenizer(lowercase, stripAccents, flag(o, "clean_text", name),
                flag(o, "handle_chinese_chars", name));
    }

    private static boolean flag(JsonObject o, String key, String name) throws IOException {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw new IOException(name + ": normalizer." + key + " must be true or false, not " + e);
        }
        return e.getAsBoolean();
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o == null ? null : o.get(key);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    /** From BERT's {@code vocab.txt}. */
    public static BertTokenizer fromVocabTxt(Path file, boolean lowercase) throws IOException {
        return new BertTokenizer(Vocabulary.fromVocabTxt(file), lowercase);
    }

    /**
     * The tokenizer of a model folder: {@code tokenizer.json} if present, else {@code vocab.txt} with the
     * {@code do_lower_case}, {@code strip_accents} and {@code tokenize_chinese_chars} of
     * {@code tokenizer_config.json} when it has them (lower-cased otherwise, the default of Hugging Face's
     * {@code BertTokenizer}).
     */
    public static BertTokenizer fromDirectory(Path dir) throws IOException {
        if (Files.exists(dir.resolve("tokenizer.json"))) {
            return fromTokenizerJson(dir.resolve("tokenizer.json"));
        }
        if (Files.exists(dir.resolve("vocab.txt"))) {
            boolean lowercase = true;
            Boolean stripAccents = null;
            boolean chinese = true;
            Path config = dir.resolve("tokenizer_config.json");
            if (Files.exists(config)) {
                JsonObject c;
                try (InputStream in = Files.newInputStream(config)) {
                    c = Vocabulary.readJson(in, config.toString());
                }
                lowercase = optionalFlag(c, "do_lower_case", config, lowercase);
                stripAccents = optionalFlag(c, "strip_accents", config, null);
                chinese = optionalFlag(c, "tokenize_chinese_chars", config, chinese);
            }
            BasicTokenizer basic = new BasicTokenizer(lowercase, stripAccents == null ? lowercase : stripAccents,
                    true, chinese);
            Vocabulary vocabulary = Vocabulary.fromVocabTxt(dir.resolve("vocab.txt"));
            return new BertTokenizer(vocabulary, basic, WordPiece.bert(vocabulary));
        }
        throw new IOException(dir + ": neither tokenizer.json nor vocab.txt is there");
    }

    private static Boolean optionalFlag(JsonObject o, String key, Path file, Boolean otherwise) throws IOException {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return otherwise;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw new IOException(file + ": " + key + " must be true, false or null, not " + e);
        }
        return e.getAsBoolean();
    }

    /** Its normalisation and pre-tokenisation settings. */
    public BasicTokenizer basicTokenizer() {
        return basic;
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
