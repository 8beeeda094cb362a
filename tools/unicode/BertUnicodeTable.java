import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Writes {@code shared/src/main/resources/org/tlnlp/text/bert-unicode.txt}: the character classes that Hugging
 * Face's BERT normaliser and pre-tokeniser use, read from the compiled library itself (the native library
 * inside {@code ai.djl.huggingface:tokenizers}), so that {@code org.tlnlp.text.BasicTokenizer} gives the same
 * tokens whatever JDK runs it. See {@code README.md} beside this file.
 *
 * <p>How it reads them: a probe tokenizer has one vocabulary entry per code point, whose id is the code point
 * itself, and a BPE model without merges, so its ids spell out, code point by code point, the text its
 * normaliser made. One probe per step of {@code BertNormalizer} (each step alone), one with the Unicode
 * {@code NFD} normaliser (the decompositions and the canonical ordering the strip-accents step uses) and one
 * with {@code BertPreTokenizer} (where it splits). Every non-surrogate code point goes through every probe.
 */
public final class BertUnicodeTable {

    static final int END = 0x110000;

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java -cp CLASSPATH tools/unicode/BertUnicodeTable.java OUTPUT.txt");
            System.exit(2);
        }
        String version;
        int[][] clean;
        int[][] chinese;
        int[][] nfd;
        int[][] strip;
        int[][] lower;
        int[][] words;
        int[][] full;
        int[] rank;
        try (Probe p = new Probe(bert(true, false, "false", false), "null")) {
            version = p.tokenizer.getVersion();
            clean = p.ids(BertUnicodeTable::alone);
        }
        try (Probe p = new Probe(bert(false, true, "false", false), "null")) {
            chinese = p.ids(BertUnicodeTable::alone);
        }
        try (Probe p = new Probe(bert(false, false, "true", false), "null")) {
            strip = p.ids(BertUnicodeTable::alone);
        }
        try (Probe p = new Probe(bert(false, false, "false", true), "null")) {
            lower = p.ids(BertUnicodeTable::alone);
        }
        try (Probe p = new Probe("null", "{\"type\":\"BertPreTokenizer\"}")) {
            words = p.wordIds(c -> "a" + alone(c) + "b");
        }
        try (Probe p = new Probe(bert(true, true, "null", true), "null")) {
            full = p.ids(BertUnicodeTable::alone);
        }
        try (Probe p = new Probe("{\"type\":\"NFD\"}", "null")) {
            nfd = p.ids(BertUnicodeTable::alone);
            rank = combiningOrder(p, nfd);
        }

        // ---- classify every code point, checking each probe's output has one of the expected shapes
        BitSet control = new BitSet();
        BitSet cleanSpace = new BitSet();
        BitSet cjk = new BitSet();
        BitSet mark = new BitSet();
        BitSet splitSpace = new BitSet();
        BitSet punctuation = new BitSet();
        for (int c = 0; c < END; c++) {
            if (isSurrogate(c)) {
                continue;
            }
            if (clean[c].length == 0) {
                control.set(c);
            } else if (Arrays.equals(clean[c], new int[] {' '})) {
                cleanSpace.set(c);
            } else {
                expect(c, "clean_text", clean[c], c);
            }
            if (Arrays.equals(chinese[c], new int[] {' ', c, ' '})) {
                cjk.set(c);
            } else {
                expect(c, "handle_chinese_chars", chinese[c], c);
            }
            if (!decomposes(c, nfd) && strip[c].length == 0) {
                mark.set(c);
            } else if (!decomposes(c, nfd)) {
                expect(c, "strip_accents", strip[c], c);
            }
            if (Arrays.equals(words[c], new int[] {0, 1})) {
                splitSpace.set(c);
            } else if (Arrays.equals(words[c], new int[] {0, 1, 2})) {
                punctuation.set(c);
            } else if (!Arrays.equals(words[c], new int[] {0, 0, 0})) {
                throw new IllegalStateException(hex(c) + ": the pre-tokenizer made words " + Arrays.toString(words[c])
                        + " of 'a' + it + 'b'");
            }
        }
        // strip_accents = NFD, then drop the non-spacing marks: check it on the code points that decompose.
        for (int c = 0; c < END; c++) {
            if (!isSurrogate(c) && decomposes(c, nfd)) {
                int[] expected = Arrays.stream(nfd[c]).filter(x -> !mark.get(x)).toArray();
                if (!Arrays.equals(expected, strip[c])) {
                    throw new IllegalStateException(hex(c) + ": strip_accents gives " + show(strip[c]) + ", not NFD "
                            + show(nfd[c]) + " without its non-spacing marks");
                }
            }
        }
        // Hangul syllables decompose by the algorithm of Unicode's chapter 3.12: check, then store as a range.
        for (int c = 0xAC00; c <= 0xD7A3; c++) {
            if (!Arrays.equals(nfd[c], hangul(c))) {
                throw new IllegalStateException(hex(c) + ": NFD " + show(nfd[c]) + " is not the Hangul algorithm's");
            }
        }
        // The whole normaliser, steps in Hugging Face's order, from the classes: must equal the library's.
        for (int c = 0; c < END; c++) {
            if (isSurrogate(c)) {
                continue;
            }
            int[] simulated = simulate(c, control, cleanSpace, cjk, nfd, mark, lower);
            if (!Arrays.equals(simulated, full[c])) {
                throw new IllegalStateException(hex(c) + ": the classes give " + show(simulated)
                        + " but the whole BertNormalizer gives " + show(full[c]));
            }
        }

        // ---- write the table
        StringBuilder out = new StringBuilder();
        out.append("# The character classes of Hugging Face's BERT normaliser and pre-tokeniser, read from Hugging Face\n")
                .append("# tokenizers ").append(version).append(" (the native library of the Maven artifact\n")
                .append("# ai.djl.huggingface:tokenizers; version = tokenizers-DJL) by tools/unicode/BertUnicodeTable.java")
                .append(" on ").append(LocalDate.now()).append(".\n")
                .append("# Do not edit: run the generator again (tools/unicode/README.md). Read by org.tlnlp.text.BertUnicode.\n")
                .append("# Code points are hexadecimal; FIRST..LAST is a range. Surrogates (D800..DFFF) are not in Rust strings\n")
                .append("# and so are in no class.\n");
        section(out, "control", "dropped by clean_text (the library's Cc, Cf, Co and friends; unassigned code points are kept)");
        ranges(out, control);
        section(out, "space", "turned into ' ' by clean_text");
        ranges(out, cleanSpace);
        section(out, "chinese", "spaced out by handle_chinese_chars");
        ranges(out, cjk);
        section(out, "nonspacing-mark", "dropped after NFD by strip_accents (category Mn)");
        ranges(out, mark);
        section(out, "decomposition", "NFD, the full canonical decomposition: code point, then what it becomes");
        for (int c = 0; c < END; c++) {
            if (!isSurrogate(c) && decomposes(c, nfd) && !(c >= 0xAC00 && c <= 0xD7A3)) {
                out.append(hex(c)).append(' ').append(show(nfd[c])).append('\n');
            }
        }
        section(out, "hangul", "decomposed by the algorithm of Unicode 3.12 (checked against the library on each)");
        out.append("AC00..D7A3\n");
        section(out, "combining-order", "the non-starters (combining class > 0) and their rank: NFD sorts each run of "
                + "them by rank, stably; only the order of the ranks matters, not their values");
        for (int c = 0; c < END; ) {
            if (rank[c] == 0) {
                c++;
                continue;
            }
            int last = c;
            while (last + 1 < END && rank[last + 1] == rank[c]) {
                last++;
            }
            out.append(c == last ? hex(c) : hex(c) + ".." + hex(last)).append(' ').append(rank[c]).append('\n');
            c = last + 1;
        }
        section(out, "lowercase", "lowercase, one code point at a time: FIRST..LAST +DELTA (each code point plus DELTA), "
                + "or a code point and what it becomes");
        for (int c = 0; c < END; ) {
            if (isSurrogate(c) || Arrays.equals(lower[c], new int[] {c})) {
                c++;
                continue;
            }
            if (lower[c].length != 1) {
                out.append(hex(c)).append(' ').append(show(lower[c])).append('\n');
                c++;
                continue;
            }
            int delta = lower[c][0] - c;
            int last = c;
            while (last + 1 < END && !isSurrogate(last + 1) && lower[last + 1].length == 1
                    && lower[last + 1][0] - (last + 1) == delta) {
                last++;
            }
            out.append(c == last ? hex(c) : hex(c) + ".." + hex(last)).append(delta < 0 ? " -" : " +")
                    .append(Integer.toHexString(Math.abs(delta)).toUpperCase()).append('\n');
            c = last + 1;
        }
        section(out, "whitespace", "where the pre-tokeniser splits, dropping the character");
        ranges(out, splitSpace);
        section(out, "punctuation", "where the pre-tokeniser splits, keeping the character as a word of its own");
        ranges(out, punctuation);
        Path file = Path.of(args[0]);
        Files.writeString(file, out, StandardCharsets.UTF_8);
        System.out.printf("%s: %,d bytes; control %,d, space %d, chinese %,d, marks %,d, decompositions %,d, "
                        + "non-starters %d, whitespace %d, punctuation %,d%n", file, out.length(), control.cardinality(),
                cleanSpace.cardinality(), cjk.cardinality(), mark.cardinality(),
                (int) java.util.stream.IntStream.range(0, END).filter(c -> !isSurrogate(c) && decomposes(c, nfd)).count(),
                (int) Arrays.stream(rank).filter(r -> r > 0).count(), splitSpace.cardinality(), punctuation.cardinality());
        if (!splitSpace.equals(cleanSpace)) {
            System.out.println("note: clean_text's white space and the pre-tokeniser's differ");
        }
    }

    // ------------------------------------------------------------------ the canonical combining order

    /**
     * The non-starters and their order, from the library's NFD. A code point c that is its own decomposition is
     * a non-starter iff NFD moves it past U+0345 (class 240, the highest) or moves U+0301 (class 230) past it.
     * Two non-starters x, y: NFD(x y) = y x iff class(x) > class(y). Each is placed among the classes found so
     * far by binary search; the rank is the position of its class.
     */
    static int[] combiningOrder(Probe p, int[][] nfd) {
        int[][] after = p.ids(c -> "\u0345" + alone(c));
        int[][] before = p.ids(c -> alone(c) + "\u0301");
        List<Integer> representatives = new ArrayList<>(); // one code point per class, classes ascending
        List<List<Integer>> members = new ArrayList<>();
        for (int c = 0; c < END; c++) {
            if (isSurrogate(c) || decomposes(c, nfd)) {
                continue;
            }
            boolean nonStarter = !Arrays.equals(after[c], new int[] {0x345, c})
                    || !Arrays.equals(before[c], new int[] {c, 0x301});
            if (!nonStarter) {
                continue;
            }
            int lo = 0;
            int hi = representatives.size();
            boolean placed = false;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                int cmp = compare(p, c, representatives.get(mid));
                if (cmp == 0) {
                    members.get(mid).add(c);
                    placed = true;
                    break;
                } else if (cmp < 0) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            if (!placed) {
                representatives.add(lo, c);
                members.add(lo, new ArrayList<>(List.of(c)));
            }
        }
        int[] rank = new int[END];
        for (int i = 0; i < members.size(); i++) {
            for (int c : members.get(i)) {
                rank[c] = i + 1;
            }
        }
        return rank;
    }

    /** The order of two non-starters' classes, as the library's NFD sorts them. */
    static int compare(Probe p, int x, int y) {
        if (x == y) {
            return 0;
        }
        int[][] both = p.ids(List.of(alone(x) + alone(y), alone(y) + alone(x)));
        if (Arrays.equals(both[0], new int[] {y, x})) {
            return 1;
        }
        if (Arrays.equals(both[1], new int[] {x, y})) {
            return -1;
        }
        return 0;
    }

    // ------------------------------------------------------------------ the check

    /** BertNormalizer(clean_text, handle_chinese_chars, strip_accents = lowercase = true) on one code point. */
    static int[] simulate(int c, BitSet control, BitSet space, BitSet cjk, int[][] nfd, BitSet mark, int[][] lower) {
        if (control.get(c)) {
            return new int[0];
        }
        int x = space.get(c) ? ' ' : c;
        int[] spaced = cjk.get(x) ? new int[] {' ', x, ' '} : new int[] {x};
        List<Integer> out = new ArrayList<>();
        for (int s : spaced) {
            for (int d : nfd[s]) {
                if (!mark.get(d)) {
                    for (int l : lower[d]) {
                        out.add(l);
                    }
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    static int[] hangul(int c) {
        int s = c - 0xAC00;
        int l = 0x1100 + s / (21 * 28);
        int v = 0x1161 + (s % (21 * 28)) / 28;
        int t = 0x11A7 + s % 28;
        return t == 0x11A7 ? new int[] {l, v} : new int[] {l, v, t};
    }

    // ------------------------------------------------------------------ probes

    /** A tokenizer whose ids are the code points of its normalised input. */
    static final class Probe implements AutoCloseable {
        final HuggingFaceTokenizer tokenizer;

        Probe(String normalizer, String preTokenizer) throws IOException {
            StringBuilder json = new StringBuilder(20_000_000);
            json.append("{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":[],\"normalizer\":")
                    .append(normalizer).append(",\"pre_tokenizer\":").append(preTokenizer)
                    .append(",\"post_processor\":null,\"decoder\":null,\"model\":{\"type\":\"BPE\",\"dropout\":null,"
                            + "\"unk_token\":null,\"continuing_subword_prefix\":null,\"end_of_word_suffix\":null,"
                            + "\"fuse_unk\":false,\"byte_fallback\":false,\"ignore_merges\":false,\"vocab\":{");
            for (int c = 0; c < END; c++) {
                if (!isSurrogate(c)) {
                    json.append(c == 0 ? "" : ",").append('"').append(jsonEscape(c)).append("\":").append(c);
                }
            }
            json.append("},\"merges\":[]}}");
            Path file = Files.createTempFile("probe-tokenizer", ".json");
            try {
                Files.writeString(file, json, StandardCharsets.UTF_8);
                tokenizer = HuggingFaceTokenizer.builder().optTokenizerPath(file).optAddSpecialTokens(false)
                        .optTruncation(false).optPadding(false).build();
            } finally {
                Files.delete(file);
            }
        }

        /** The output for {@code text(c)} of every non-surrogate code point c (null for surrogates). */
        int[][] ids(IntFunction<String> text) {
            return each(text, false);
        }

        /** The word index of each output code point of {@code text(c)}. */
        int[][] wordIds(IntFunction<String> text) {
            return each(text, true);
        }

        int[][] ids(List<String> texts) {
            Encoding[] e = tokenizer.batchEncode(texts);
            int[][] out = new int[e.length][];
            for (int i = 0; i < e.length; i++) {
                out[i] = Arrays.stream(e[i].getIds()).mapToInt(Math::toIntExact).toArray();
            }
            return out;
        }

        private int[][] each(IntFunction<String> text, boolean words) {
            int[][] out = new int[END][];
            List<String> batch = new ArrayList<>();
            int first = 0;
            for (int c = 0; c <= END; c++) {
                if (c < END && !isSurrogate(c)) {
                    batch.add(text.apply(c));
                }
                if (batch.size() == 65_536 || c == END) {
                    Encoding[] e = tokenizer.batchEncode(batch);
                    int k = 0;
                    for (int x = first; x < Math.min(c + 1, END); x++) {
                        if (!isSurrogate(x)) {
                            long[] v = words ? e[k++].getWordIds() : e[k++].getIds();
                            out[x] = Arrays.stream(v).mapToInt(Math::toIntExact).toArray();
                        }
                    }
                    batch.clear();
                    first = c + 1;
                }
            }
            return out;
        }

        @Override
        public void close() {
            tokenizer.close();
        }
    }

    static String bert(boolean cleanText, boolean chinese, String stripAccents, boolean lowercase) {
        return "{\"type\":\"BertNormalizer\",\"clean_text\":" + cleanText + ",\"handle_chinese_chars\":" + chinese
                + ",\"strip_accents\":" + stripAccents + ",\"lowercase\":" + lowercase + "}";
    }

    // ------------------------------------------------------------------ helpers

    static boolean isSurrogate(int c) {
        return c >= 0xD800 && c <= 0xDFFF;
    }

    /** Whether NFD changes c (c has a canonical decomposition). */
    static boolean decomposes(int c, int[][] nfd) {
        return !Arrays.equals(nfd[c], new int[] {c});
    }

    static String alone(int c) {
        return new String(Character.toChars(c));
    }

    static void expect(int c, String step, int[] got, int... expected) {
        if (!Arrays.equals(got, expected)) {
            throw new IllegalStateException(hex(c) + ": " + step + " gives " + show(got) + ", expected " + show(expected));
        }
    }

    static String jsonEscape(int c) {
        if (c == '"' || c == '\\') {
            return "\\" + (char) c;
        }
        return c < 0x20 ? String.format("\\u%04x", c) : alone(c);
    }

    static String hex(int c) {
        return String.format("%04X", c);
    }

    static String show(int[] cps) {
        StringBuilder sb = new StringBuilder();
        for (int c : cps) {
            sb.append(sb.length() == 0 ? "" : " ").append(hex(c));
        }
        return sb.toString();
    }

    static void section(StringBuilder out, String name, String what) {
        out.append('@').append(name).append("  # ").append(what).append('\n');
    }

    static void ranges(StringBuilder out, BitSet set) {
        for (int c = set.nextSetBit(0); c >= 0; ) {
            int end = set.nextClearBit(c);
            out.append(end - 1 == c ? hex(c) : hex(c) + ".." + hex(end - 1)).append('\n');
            c = set.nextSetBit(end);
        }
    }
}
