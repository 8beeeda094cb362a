package org.tlnlp.text;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Learns a byte-level BPE from a corpus (Sennrich et al. 2016, on bytes as GPT-2 does): start from the 256
 * bytes, and repeatedly merge the most frequent adjacent pair of symbols inside the pieces of the text, until
 * the vocabulary has the size asked for (the last id is {@code <|endoftext|>}).
 *
 * <p>Pair counts are updated incrementally: a merge visits only the places where its pair occurs and changes
 * the counts of the pairs beside them, so a vocabulary of 8,000 on Brown takes seconds, and a piece of any
 * length (a run of letters without a space can be megabytes) costs time in proportion to its length. Ties go to
 * the pair of lower symbol ids, so a run is repeatable.
 */
public final class BpeTrainer {

    private BpeTrainer() {
    }

    /** Learns a BPE with {@code vocabSize} ids (256 bytes + merges + end-of-text) from {@code texts}. */
    public static ByteLevelBpe train(Iterable<String> texts, int vocabSize) {
        if (vocabSize < 257) {
            throw new IllegalArgumentException("vocabSize " + vocabSize + " is below 257 (256 bytes + <|endoftext|>)");
        }
        // 1. Count the pieces, as the encoder will cut them.
        Map<String, Integer> pieceCounts = new HashMap<>();
        for (String text : texts) {
            Matcher m = ByteLevelBpe.PIECES.matcher(text);
            while (m.find()) {
                pieceCounts.merge(m.group(), 1, Integer::sum);
            }
        }
        // 2. Symbols: ids 0..255 are the bytes, then one id per merge. Symbol strings are byte-level strings.
        char[] byteChar = ByteLevelBpe.byteToUnicode();
        List<String> symbols = new ArrayList<>();
        int[] byteId = new int[256];
        // GPT-2 orders the bytes as its byte-to-unicode table lists them: printable ones first.
        List<Integer> order = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            order.add(b);
        }
        order.sort((a, b) -> Character.compare(byteChar[a], byteChar[b]));
        for (int b : order) {
            byteId[b] = symbols.size();
            symbols.add(String.valueOf(byteChar[b]));
        }
        // 3. All pieces side by side in one array of positions. Position p holds symbol sym[p]; the symbols of a
        //    piece form a linked list (next[p], prev[p]: the neighbouring symbols' positions, -1 at the piece's
        //    ends). A merge keeps the left position and empties the right one (sym = -1).
        int total = 0;
        for (String piece : pieceCounts.keySet()) {
            total += piece.getBytes(StandardCharsets.UTF_8).length;
        }
        int[] sym = new int[total];
        int[] next = new int[total];
        int[] prev = new int[total];
        long[] freq = new long[total]; // how often the position's piece occurs in the corpus
        int p = 0;
        for (Map.Entry<String, Integer> e : pieceCounts.entrySet()) {
            byte[] bytes = e.getKey().getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < bytes.length; i++, p++) {
                sym[p] = byteId[bytes[i] & 0xFF];
                prev[p] = i == 0 ? -1 : p - 1;
                next[p] = i == bytes.length - 1 ? -1 : p + 1;
                freq[p] = e.getValue();
            }
        }
        // 4. Pair counts (weighted by piece frequency) and, for each pair, the positions where it starts. A list
        //    may keep positions where the pair has since been merged away: they are checked when it is merged.
        Map<Long, Long> pairCount = new HashMap<>();
        Map<Long, IntList> where = new HashMap<>();
        for (p = 0; p < total; p++) {
            if (next[p] >= 0) {
                add(key(sym[p], sym[next[p]]), freq[p], p, pairCount, where, null);
            }
        }
        PriorityQueue<long[]> queue = new PriorityQueue<>((x, y) -> x[0] != y[0] ? Long.compare(y[0], x[0])
                : Long.compare(x[1], y[1]));
        pairCount.forEach((pair, c) -> queue.add(new long[] {c, pair}));

        // 5. Merge until the vocabulary is full (or nothing is left to merge). Each merge visits only the
        //    positions of its pair and updates the counts of the pairs on either side of each: the work is
        //    proportional to the pair's occurrences, never to the length of the pieces that hold them.
        List<String> merges = new ArrayList<>();
        int targetSymbols = vocabSize - 1;
        while (symbols.size() < targetSymbols && !queue.isEmpty()) {
            long[] top = queue.poll();
            long pair = top[1];
            Long current = pairCount.get(pair);
            if (current == null || current != top[0]) {
                continue; // a stale entry: the count changed since it was queued
            }
            if (current < 2) {
                break; // nothing left that occurs twice
            }
            int a = (int) (pair >>> 32);
            int b = (int) pair;
            int merged = symbols.size();
            symbols.add(symbols.get(a) + symbols.get(b));
            merges.add(symbols.get(a) + " " + symbols.get(b));
            Set<Long> touched = new HashSet<>();
            // Left to right, so that in a run such as a a a the first two merge, as a left-to-right replace does.
            int[] at = where.remove(pair).sorted();
            for (int left : at) {
                int right = next[left];
                if (sym[left] != a || right < 0 || sym[right] != b) {
                    continue; // merged away by an earlier merge (or earlier in this one)
                }
                long f = freq[left];
                int before = prev[left];
                int after = next[right];
                add(pair, -f, -1, pairCount, where, touched);
                if (before >= 0) {
                    add(key(sym[before], a), -f, -1, pairCount, where, touched);
                    add(key(sym[before], merged), f, before, pairCount, where, touched);
                }
                if (after >= 0) {
                    add(key(b, sym[after]), -f, -1, pairCount, where, touched);
                    add(key(merged, sym[after]), f, left, pairCount, where, touched);
                }
                sym[left] = merged;
                sym[right] = -1;
                next[left] = after;
                if (after >= 0) {
                    prev[after] = left;
                }
            }
            pairCount.remove(pair);
            for (long t : touched) {
                Long c = pairCount.get(t);
                if (c != null && c > 0) {
                    queue.add(new long[] {c, t});
                }
            }
        }
        Map<String, Integer> ids = new HashMap<>();
        Map<String, Integer> ranks = new HashMap<>();
        for (int id = 0; id < symbols.size(); id++) {
            ids.putIfAbsent(symbols.get(id), id);
            ranks.putIfAbsent(symbols.get(id), id);
        }
        ids.put(ByteLevelBpe.END_OF_TEXT, symbols.size());
        return new ByteLevelBpe(ranks, ids, merges);
    }

    private static long key(int a, int b) {
        return ((long) a << 32) | (b & 0xFFFFFFFFL);
    }

    /**
     * Adds {@code f} to the count of {@code pair}; a pair that now starts at {@code position} (when it is not
     * -1) is recorded there. {@code touched} collects the pairs whose count changed.
     */
    private static void add(long pair, long f, int position, Map<Long, Long> count, Map<Long, IntList> where,
                            Set<Long> touched) {
        count.merge(pair, f, Long::sum);
        if (position >= 0) {
            where.computeIfAbsent(pair, x -> new IntList()).add(position);
        }
        if (touched != null) {
            touched.add(pair);
        }
    }

    /** A growable list of positions. */
    private static final class IntList {
        private int[] a = new int[4];
        private int n;

        void add(int v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, 2 * n);
            }
            a[n++] = v;
        }

        int[] sorted() {
            int[] out = java.util.Arrays.copyOf(a, n);
            java.util.Arrays.sort(out);
            return out;
        }
    }
}
