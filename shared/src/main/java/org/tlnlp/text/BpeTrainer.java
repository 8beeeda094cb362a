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
 * <p>Pair counts are updated incrementally: a merge touches only the words that contain the pair, so a
 * vocabulary of 8,000 on Brown takes seconds. Ties go to the pair of lower symbol ids, so a run is repeatable.
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
        int[][] words = new int[pieceCounts.size()][];
        long[] freq = new long[words.length];
        int w = 0;
        for (Map.Entry<String, Integer> e : pieceCounts.entrySet()) {
            byte[] bytes = e.getKey().getBytes(StandardCharsets.UTF_8);
            int[] s = new int[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                s[i] = byteId[bytes[i] & 0xFF];
            }
            words[w] = s;
            freq[w++] = e.getValue();
        }
        // 3. Pair counts and, for each pair, the words that contain it.
        Map<Long, Long> pairCount = new HashMap<>();
        Map<Long, Set<Integer>> where = new HashMap<>();
        for (int i = 0; i < words.length; i++) {
            addPairs(words[i], freq[i], i, pairCount, where);
        }
        PriorityQueue<long[]> queue = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(b[0], a[0])
                : Long.compare(a[1], b[1]));
        pairCount.forEach((p, c) -> queue.add(new long[] {c, p}));

        // 4. Merge until the vocabulary is full (or nothing is left to merge).
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
            for (int i : new ArrayList<>(where.getOrDefault(pair, Set.of()))) {
                int[] old = words[i];
                int[] now = replace(old, a, b, merged);
                if (now.length == old.length) {
                    continue;
                }
                removePairs(old, freq[i], pairCount, touched);
                words[i] = now;
                addPairs(now, freq[i], i, pairCount, where);
                collectPairs(now, touched);
            }
            where.remove(pair);
            pairCount.remove(pair);
            for (long p : touched) {
                Long c = pairCount.get(p);
                if (c != null && c > 0) {
                    queue.add(new long[] {c, p});
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

    private static void addPairs(int[] s, long f, int word, Map<Long, Long> count, Map<Long, Set<Integer>> where) {
        for (int i = 0; i + 1 < s.length; i++) {
            long k = key(s[i], s[i + 1]);
            count.merge(k, f, Long::sum);
            where.computeIfAbsent(k, x -> new HashSet<>()).add(word);
        }
    }

    private static void removePairs(int[] s, long f, Map<Long, Long> count, Set<Long> touched) {
        for (int i = 0; i + 1 < s.length; i++) {
            long k = key(s[i], s[i + 1]);
            count.merge(k, -f, Long::sum);
            touched.add(k);
        }
    }

    private static void collectPairs(int[] s, Set<Long> touched) {
        for (int i = 0; i + 1 < s.length; i++) {
            touched.add(key(s[i], s[i + 1]));
        }
    }

    /** {@code s} with every non-overlapping (a, b), left to right, replaced by {@code merged}. */
    private static int[] replace(int[] s, int a, int b, int merged) {
        int[] out = new int[s.length];
        int n = 0;
        for (int i = 0; i < s.length; i++) {
            if (i + 1 < s.length && s[i] == a && s[i + 1] == b) {
                out[n++] = merged;
                i++;
            } else {
                out[n++] = s[i];
            }
        }
        return n == s.length ? s : java.util.Arrays.copyOf(out, n);
    }
}
