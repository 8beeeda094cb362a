package org.tlnlp.lesson06.exercises;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Answer key for lesson 06, exercises 6.1 and 6.2. */
public final class ByteLevel {

    private ByteLevel() {
    }

    /** 6.1: printable bytes keep their character; the others get 256, 257, ... in byte order. */
    public static char[] byteToUnicode() {
        char[] map = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= 33 && b <= 126) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            map[b] = printable ? (char) b : (char) next++;
        }
        return map;
    }

    /** 6.2a: merge the adjacent pair of lowest rank (leftmost on a tie). */
    public static List<String> mergeStep(List<String> symbols, Map<String, Integer> ranks) {
        int best = -1;
        int bestRank = Integer.MAX_VALUE;
        for (int i = 0; i + 1 < symbols.size(); i++) {
            Integer r = ranks.get(symbols.get(i) + symbols.get(i + 1));
            if (r != null && r < bestRank) {
                bestRank = r;
                best = i;
            }
        }
        List<String> out = new ArrayList<>(symbols);
        if (best >= 0) {
            out.set(best, symbols.get(best) + symbols.get(best + 1));
            out.remove(best + 1);
        }
        return out;
    }

    /** 6.2b: characters first, then merge steps until nothing changes. */
    public static List<String> encodeWord(String piece, Map<String, Integer> ranks) {
        List<String> symbols = new ArrayList<>();
        for (char c : piece.toCharArray()) {
            symbols.add(String.valueOf(c));
        }
        while (true) {
            List<String> next = mergeStep(symbols, ranks);
            if (next.size() == symbols.size()) {
                return symbols;
            }
            symbols = next;
        }
    }
}
