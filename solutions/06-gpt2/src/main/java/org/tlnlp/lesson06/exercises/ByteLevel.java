package org.tlnlp.lesson06.exercises;

import org.tlnlp.grading.Exercise;
import org.tlnlp.text.BpeTrainer;
import org.tlnlp.text.ByteLevelBpe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lesson 06, exercises 6.1 and 6.2: GPT-2's byte-level BPE. Plain Java, no NDArrays.
 */
public final class ByteLevel {

    private ByteLevel() {
    }

    /**
     * Exercise 6.1. GPT-2's byte-to-unicode map: a printable character for each of the 256 byte values, so
     * that byte strings can be written (and stored in {@code vocab.json}) as text.
     *
     * <ul>
     *   <li>The bytes {@code '!'..'~'} (33..126), {@code 0xA1..0xAC} and {@code 0xAE..0xFF} are printable
     *       Latin-1 characters: each maps to the character with the same number.</li>
     *   <li>Every other byte (0..32, 127..160, 173), taken in increasing order, maps to the next unused
     *       character from 256 on: byte 0 → U+0100, byte 1 → U+0101, ...</li>
     * </ul>
     *
     * @return {@code map[b]} is the character for byte {@code b} (0..255)
     *
     * <p>Checked: the printable bytes, the space (32 → 'Ġ', U+0120), byte 0xAD → U+0143, and that no two bytes
     * share a character.
     */
    @Exercise(value = "6.1", mayNotUse = ByteLevelBpe.class)
    public static char[] byteToUnicode() {
        char[] map = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= 33 && b <= 126) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            map[b] = printable ? (char) b : (char) next++;
        }
        return map;
    }

    /**
     * Exercise 6.2a. One BPE merge step. Among the adjacent pairs of {@code symbols}, find those whose
     * concatenation is in {@code ranks}; merge the one with the lowest rank (on a tie, the leftmost) into one
     * symbol. Return the new list; if no pair can be merged, return a list equal to {@code symbols}.
     *
     * <p>Example with ranks {"he": 0, "ll": 1, "hell": 2}: [h, e, l, l, o] → [he, l, l, o].
     */
    @Exercise(value = "6.2", mayNotUse = {ByteLevelBpe.class, BpeTrainer.class})
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

    /**
     * Exercise 6.2b. Encode one piece with BPE: start from its characters (one symbol each) and apply
     * {@link #mergeStep} until nothing changes. The piece is already written through the byte-to-unicode
     * map (e.g. " jury" is "Ġjury").
     *
     * <p>Checked on Brown's words with GPT-2's own ranks against JTokkit's ids.
     */
    @Exercise(value = "6.2", mayNotUse = {ByteLevelBpe.class, BpeTrainer.class})
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
