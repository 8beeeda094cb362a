package org.tlnlp.text;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.tlnlp.io.AtomicFiles;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GPT-2's byte-level BPE (Radford et al. 2019). Text is cut into pieces by a regular expression (words with
 * their leading space, numbers, runs of punctuation, white space); each piece becomes its UTF-8 bytes; then
 * adjacent symbols are merged, always the pair whose merged symbol has the lowest rank first, until no
 * mergeable pair is left. Every byte is a symbol of its own, so no input is ever unknown.
 *
 * <p>Symbols are written as strings through GPT-2's byte-to-unicode map (each byte one printable character:
 * the space is {@code Ġ}), which is how {@code vocab.json} and {@code merges.txt} spell them.
 *
 * <p>Three sources: {@link #r50k()} (GPT-2's own 50,257 tokens, read from the {@code r50k_base.tiktoken}
 * resource that ships in the {@code com.knuddels:jtokkit} jar), {@link #fromFiles} (a Hugging Face
 * {@code vocab.json} + {@code merges.txt}) and {@link BpeTrainer} (learned from a corpus).
 */
public final class ByteLevelBpe {

    /** GPT-2's end-of-text token; the model reads it between documents. */
    public static final String END_OF_TEXT = "<|endoftext|>";

    /** GPT-2's pre-tokenisation: contractions, words, numbers, other runs, white space (kept, never dropped). */
    public static final Pattern PIECES =
            Pattern.compile("'(?:[sdmt]|ll|ve|re)| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
                    Pattern.UNICODE_CHARACTER_CLASS);

    private static final char[] BYTE_TO_CHAR = byteToUnicode();
    private static final int[] CHAR_TO_BYTE = new int[512];

    static {
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        for (int b = 0; b < 256; b++) {
            CHAR_TO_BYTE[BYTE_TO_CHAR[b]] = b;
        }
    }

    private static final int CACHE_LIMIT = 200_000;
    /** Longer pieces (rare in text, but a run of letters can be megabytes long) are not kept in the cache. */
    private static final int CACHE_PIECE_LIMIT = 256;

    /** Rank of every mergeable symbol (lower merges first); single bytes included. */
    private final Map<String, Integer> ranks;
    /** Token string → id, and back. */
    private final Map<String, Integer> ids;
    private final String[] tokens;
    private final int endOfText;
    /** The merges in rank order, as "left right" (kept when known; derived from the ranks otherwise). */
    private List<String> merges;
    /** Pieces seen before → their ids (GPT-2's encoder keeps the same kind of cache). */
    private final Map<String, int[]> cache = new java.util.concurrent.ConcurrentHashMap<>(1 << 16);

    ByteLevelBpe(Map<String, Integer> ranks, Map<String, Integer> ids, List<String> merges) {
        this.ranks = ranks;
        this.ids = ids;
        this.merges = merges;
        if (!ids.containsKey(END_OF_TEXT)) {
            throw new IllegalArgumentException("the vocabulary has no " + END_OF_TEXT + " token");
        }
        int size = 0;
        for (int id : ids.values()) {
            size = Math.max(size, id + 1);
        }
        tokens = new String[size];
        ids.forEach((t, id) -> tokens[id] = t);
        for (int b = 0; b < 256; b++) {
            if (!ids.containsKey(String.valueOf(BYTE_TO_CHAR[b]))) {
                throw new IllegalArgumentException("the vocabulary lacks the single byte " + b + " ('"
                        + BYTE_TO_CHAR[b] + "'): a byte-level BPE needs all 256");
            }
        }
        endOfText = ids.get(END_OF_TEXT);
    }

    // ------------------------------------------------------------------ the byte-to-unicode map

    /**
     * GPT-2's map from bytes to printable characters: the 188 bytes that are printable Latin-1 characters
     * ({@code !}..{@code ~}, {@code ¡}..{@code ¬}, {@code ®}..{@code ÿ}) stand for themselves; the other 68
     * (control characters, the space, ...) get the characters 256, 257, ... in byte order.
     */
    public static char[] byteToUnicode() {
        char[] map = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            map[b] = printable ? (char) b : (char) next++;
        }
        return map;
    }

    /** The bytes of a UTF-8 string written through the byte-to-unicode map. */
    public static String toSymbols(byte[] utf8) {
        char[] c = new char[utf8.length];
        for (int i = 0; i < utf8.length; i++) {
            c[i] = BYTE_TO_CHAR[utf8[i] & 0xFF];
        }
        return new String(c);
    }

    /** The inverse of {@link #toSymbols}. */
    public static byte[] toBytes(String symbols) {
        byte[] b = new byte[symbols.length()];
        for (int i = 0; i < b.length; i++) {
            char c = symbols.charAt(i);
            int v = c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
            if (v < 0) {
                throw new IllegalArgumentException("'" + c + "' (U+" + Integer.toHexString(c) + ") in '" + symbols
                        + "' is not a byte-level symbol");
            }
            b[i] = (byte) v;
        }
        return b;
    }

    // ------------------------------------------------------------------ sources

    private static volatile ByteLevelBpe r50k;

    /** GPT-2's tokenizer (r50k_base: 50,000 merges, 256 bytes and {@code <|endoftext|>} = 50256). */
    public static ByteLevelBpe r50k() {
        if (r50k == null) {
            synchronized (ByteLevelBpe.class) {
                if (r50k == null) {
                    r50k = readTiktoken("/com/knuddels/jtokkit/r50k_base.tiktoken", 50256);
                }
            }
        }
        return r50k;
    }

    /** Reads a {@code .tiktoken} resource: one "base64(token bytes) rank" per line. */
    static ByteLevelBpe readTiktoken(String resource, int endOfTextId) {
        Map<String, Integer> ranks = new HashMap<>(100_000);
        try (InputStream in = ByteLevelBpe.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing: it ships in the Maven artifact"
                        + " com.knuddels:jtokkit, a dependency of tlnlp-shared");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                int space = line.indexOf(' ');
                if (space < 0) {
                    throw new IllegalStateException(resource + ", line " + lineNo + ": expected 'base64 rank'");
                }
                ranks.put(toSymbols(Base64.getDecoder().decode(line.substring(0, space))),
                        Integer.parseInt(line.substring(space + 1).trim()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
        Map<String, Integer> ids = new HashMap<>(ranks);
        ids.put(END_OF_TEXT, endOfTextId);
        return new ByteLevelBpe(ranks, ids, null);
    }

    /**
     * Reads a Hugging Face GPT-2 tokenizer: {@code vocab.json} (symbol string → id) and {@code merges.txt}
     * (one "left right" merge per line, in order, after an optional {@code #version} line). A merged
     * symbol's rank is the line of the first merge that makes it.
     */
    public static ByteLevelBpe fromFiles(Path vocabJson, Path mergesTxt) throws IOException {
        Map<String, Integer> ids = new HashMap<>();
        JsonObject vocab;
        try {
            vocab = JsonParser.parseString(Files.readString(vocabJson)).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IOException(vocabJson + ": not a JSON object of token → id (" + e.getMessage() + ")", e);
        }
        for (Map.Entry<String, JsonElement> e : vocab.entrySet()) {
            ids.put(e.getKey(), e.getValue().getAsInt());
        }
        Map<String, Integer> ranks = new HashMap<>();
        for (int b = 0; b < 256; b++) {
            ranks.put(String.valueOf(BYTE_TO_CHAR[b]), b);
        }
        List<String> merges = new ArrayList<>();
        List<String> lines = Files.readAllLines(mergesTxt, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || (i == 0 && line.startsWith("#version"))) {
                continue;
            }
            String[] lr = line.split(" ");
            if (lr.length != 2) {
                throw new IOException(mergesTxt + ", line " + (i + 1) + ": expected 'left right', got '" + line + "'");
            }
            String merged = lr[0] + lr[1];
            if (!ids.containsKey(merged)) {
                throw new IOException(mergesTxt + ", line " + (i + 1) + ": the merge makes '" + merged
                        + "', which " + vocabJson.getFileName() + " does not have");
            }
            ranks.putIfAbsent(merged, 256 + merges.size());
            merges.add(line);
        }
        return new ByteLevelBpe(ranks, ids, merges);
    }

    /** Writes {@code vocab.json} and {@code merges.txt} into {@code dir}, as Hugging Face lays them out. */
    public void save(Path dir) throws IOException {
        Map<String, Integer> ordered = new LinkedHashMap<>();
        for (int id = 0; id < tokens.length; id++) {
            if (tokens[id] != null) {
                ordered.put(tokens[id], id);
            }
        }
        AtomicFiles.writeString(dir.resolve("vocab.json"), new Gson().toJson(ordered));
        StringBuilder sb = new StringBuilder("#version: 0.2\n");
        for (String m : merges()) {
            sb.append(m).append('\n');
        }
        AtomicFiles.writeString(dir.resolve("merges.txt"), sb.toString());
    }

    /**
     * The merges in rank order. Known when read from {@code merges.txt} or trained; for tiktoken ranks they
     * are recovered: a symbol of rank r is what BPE makes of its own bytes with only the ranks below r, and
     * that is exactly two symbols, the merge's left and right.
     */
    public synchronized List<String> merges() {
        if (merges == null) {
            List<Map.Entry<String, Integer>> byRank = new ArrayList<>(ranks.entrySet());
            byRank.sort(Map.Entry.comparingByValue());
            List<String> out = new ArrayList<>();
            for (Map.Entry<String, Integer> e : byRank) {
                if (e.getKey().length() > 1) {
                    List<String> parts = mergeSymbols(e.getKey(), e.getValue());
                    if (parts.size() != 2) {
                        throw new IllegalStateException("symbol '" + e.getKey() + "' is not one merge of two lower ranks");
                    }
                    out.add(parts.get(0) + " " + parts.get(1));
                }
            }
            merges = out;
        }
        return merges;
    }

    // ------------------------------------------------------------------ encoding

    /** The ids of {@code text}; {@code <|endoftext|>} in the text is ordinary text here (see {@link #encodeWithSpecial}). */
    public int[] encode(String text) {
        IntList out = new IntList(text.length() / 3 + 4);
        encodeOrdinary(text, out);
        return out.toArray();
    }

    /** Like {@link #encode}, but each {@code <|endoftext|>} in the text becomes the end-of-text id. */
    public int[] encodeWithSpecial(String text) {
        IntList out = new IntList(text.length() / 3 + 4);
        int from = 0;
        int at;
        while ((at = text.indexOf(END_OF_TEXT, from)) >= 0) {
            encodeOrdinary(text.substring(from, at), out);
            out.add(endOfText);
            from = at + END_OF_TEXT.length();
        }
        encodeOrdinary(text.substring(from), out);
        return out.toArray();
    }

    private void encodeOrdinary(String text, IntList out) {
        Matcher m = PIECES.matcher(text);
        while (m.find()) {
            String piece = symbols(text, m.start(), m.end());
            int[] ids = cache.get(piece);
            if (ids == null) {
                ids = encodePiece(piece);
                if (cache.size() < CACHE_LIMIT && piece.length() <= CACHE_PIECE_LIMIT) {
                    cache.put(piece, ids);
                }
            }
            out.addAll(ids);
        }
    }

    /** text[from, to) as byte-level symbols; ASCII maps char by char, anything else goes through UTF-8. */
    private static String symbols(String text, int from, int to) {
        char[] c = new char[to - from];
        for (int i = from; i < to; i++) {
            char ch = text.charAt(i);
            if (ch >= 0x80) {
                return toSymbols(text.substring(from, to).getBytes(StandardCharsets.UTF_8));
            }
            c[i - from] = BYTE_TO_CHAR[ch];
        }
        return new String(c);
    }

    /** The ids of one piece: itself when it is a mergeable symbol (tiktoken does the same), else BPE's merges. */
    private int[] encodePiece(String piece) {
        if (ranks.containsKey(piece)) {
            return new int[] {ids.get(piece)};
        }
        List<String> symbols = mergeSymbols(piece, Integer.MAX_VALUE);
        int[] out = new int[symbols.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ids.get(symbols.get(i));
        }
        return out;
    }

    /** Forgets the pieces encoded so far (the cache only saves time; benchmarks measure with and without it). */
    public void clearCache() {
        cache.clear();
    }

    /** The symbols BPE makes of one piece (written through the byte-to-unicode map). */
    public List<String> encodeWord(String symbols) {
        return mergeSymbols(symbols, Integer.MAX_VALUE);
    }

    /**
     * Merges adjacent symbols of {@code piece}, one pair at a time: of all adjacent pairs whose concatenation
     * has a rank below {@code maxRank}, the lowest (leftmost on a tie) is merged, until none is left.
     *
     * <p>Scanning all pairs for the lowest at every merge would take O(n²) for a piece of n bytes (a long run
     * of letters without a space has hundreds of thousands). Instead the symbols form a linked list over the
     * piece, and a priority queue holds the mergeable adjacent pairs ordered by (rank, position), so that its
     * head is the pair the scan would pick. A merge changes only the pairs on either side of the new symbol:
     * those two are queued; queued pairs that a merge destroyed are recognised and skipped when they come up.
     * At most n − 1 merges of O(log n) each: O(n log n).
     */
    List<String> mergeSymbols(String piece, int maxRank) {
        int n = piece.length();
        // The symbol starting at i is piece[i, next[i]), and the one before it starts at prev[i] (-1: none).
        // next[i] = -1: no symbol starts at i any more (it was merged into the one on its left).
        int[] next = new int[n];
        int[] prev = new int[n];
        for (int i = 0; i < n; i++) {
            next[i] = i + 1;
            prev[i] = i - 1;
        }
        PriorityQueue<Pair> queue = new PriorityQueue<>();
        for (int i = 0; i + 1 < n; i++) {
            queuePair(piece, i, i + 2, maxRank, queue);
        }
        while (!queue.isEmpty()) {
            Pair p = queue.poll();
            int right = next[p.start];
            // Stale: the left symbol is gone, or it or its right neighbour has changed since the pair was queued.
            if (right < 0 || right == n || next[right] != p.end) {
                continue;
            }
            next[right] = -1;
            next[p.start] = p.end;
            if (p.end < n) {
                prev[p.end] = p.start;
                queuePair(piece, p.start, next[p.end], maxRank, queue);
            }
            if (prev[p.start] >= 0) {
                queuePair(piece, prev[p.start], p.end, maxRank, queue);
            }
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i = next[i]) {
            out.add(piece.substring(i, next[i]));
        }
        return out;
    }

    /** Two adjacent symbols, together piece[start, end), whose merged symbol has rank {@code rank}. */
    private record Pair(int rank, int start, int end) implements Comparable<Pair> {
        @Override
        public int compareTo(Pair o) {
            return rank != o.rank ? Integer.compare(rank, o.rank) : Integer.compare(start, o.start);
        }
    }

    /** Queues the two adjacent symbols that make piece[start, end), if their merge has a rank below maxRank. */
    private void queuePair(String piece, int start, int end, int maxRank, PriorityQueue<Pair> queue) {
        Integer rank = ranks.get(piece.substring(start, end));
        if (rank != null && rank < maxRank) {
            queue.add(new Pair(rank, start, end));
        }
    }

    // ------------------------------------------------------------------ decoding

    /** The text of {@code ids}. Bytes that are not valid UTF-8 (a cut character) become U+FFFD. */
    public String decode(int[] ids) {
        return new String(decodeBytes(ids), StandardCharsets.UTF_8);
    }

    /** The raw bytes of {@code ids} ({@code <|endoftext|>} as its text). */
    public byte[] decodeBytes(int[] ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(ids.length * 4);
        for (int id : ids) {
            if (id == endOfText) {
                out.writeBytes(END_OF_TEXT.getBytes(StandardCharsets.UTF_8));
            } else {
                out.writeBytes(toBytes(token(id)));
            }
        }
        return out.toByteArray();
    }

    /** The symbol string of one id. */
    public String token(int id) {
        if (id < 0 || id >= tokens.length || tokens[id] == null) {
            throw new IllegalArgumentException("token id " + id + " is not in this vocabulary (0.." + (tokens.length - 1) + ")");
        }
        return tokens[id];
    }

    /** Every mergeable symbol with its rank (read-only): what a merge step looks up. */
    public Map<String, Integer> ranks() {
        return java.util.Collections.unmodifiableMap(ranks);
    }

    /** The id of a symbol string, or -1. */
    public int id(String token) {
        Integer id = ids.get(token);
        return id == null ? -1 : id;
    }

    public int endOfText() {
        return endOfText;
    }

    /** Number of ids (the model's vocabulary size). */
    public int size() {
        return tokens.length;
    }

    /** A growable int array (the encoder's output buffer). */
    private static final class IntList {
        private int[] a;
        private int n;

        IntList(int capacity) {
            a = new int[Math.max(4, capacity)];
        }

        void add(int v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        void addAll(int[] v) {
            if (n + v.length > a.length) {
                a = java.util.Arrays.copyOf(a, Math.max(a.length * 2, n + v.length));
            }
            System.arraycopy(v, 0, a, n, v.length);
            n += v.length;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
