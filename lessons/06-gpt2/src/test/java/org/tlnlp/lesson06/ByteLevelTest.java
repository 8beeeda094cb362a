package org.tlnlp.lesson06;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import org.junit.jupiter.api.Test;
import org.tlnlp.data.BrownCorpus;
import org.tlnlp.data.Split;
import org.tlnlp.data.TaggedWord;
import org.tlnlp.grading.Graded;
import org.tlnlp.lesson06.exercises.ByteLevel;
import org.tlnlp.text.ByteLevelBpe;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Graded tests of exercises 6.1 and 6.2. */
class ByteLevelTest {

    @Test
    @Graded(exercise = "6.1", kind = Graded.Kind.FUNCTION, title = "GPT-2's byte-to-unicode map",
            hint = "The printable bytes ! .. ~, ¡ .. ¬ and ® .. ÿ map to themselves; the other bytes, in order, to 256, 257, ...")
    void byteToUnicode() {
        char[] map = ByteLevel.byteToUnicode();
        assertEquals(256, map.length, "one character per byte value");
        assertEquals('!', map['!'], "printable bytes keep their character");
        assertEquals('~', map['~']);
        assertEquals('é', map[0xE9]);
        assertEquals('\u0100', map[0], "byte 0 is the first non-printable byte: U+0100");
        assertEquals('\u0120', map[' '], "the space is the 33rd non-printable byte: U+0120 'Ġ'");
        assertEquals('\u010A', map['\n'], "the newline: U+010A 'Ċ'");
        assertEquals('\u0121', map[0x7F], "DEL follows 0..32: U+0121");
        assertEquals('\u0143', map[0xAD], "the soft hyphen is the last non-printable byte: U+0143");
        Set<Character> seen = new HashSet<>();
        for (char c : map) {
            seen.add(c);
        }
        assertEquals(256, seen.size(), "no two bytes may share a character");
    }

    @Test
    @Graded(exercise = "6.2", kind = Graded.Kind.FUNCTION, title = "one BPE merge step",
            hint = "Merge only the pair of lowest rank, every occurrence of it, left to right without overlaps.")
    void mergeStep() {
        Map<String, Integer> ranks = Map.of("he", 0, "ll", 1, "hell", 2, "lo", 3);
        assertEquals(List.of("he", "l", "l", "o"), ByteLevel.mergeStep(List.of("h", "e", "l", "l", "o"), ranks),
                "the pair of lowest rank ('he', rank 0) is merged first");
        assertEquals(List.of("he", "ll", "o"), ByteLevel.mergeStep(List.of("he", "l", "l", "o"), ranks));
        assertEquals(List.of("hell", "o"), ByteLevel.mergeStep(List.of("he", "ll", "o"), ranks));
        assertEquals(List.of("hell", "o"), ByteLevel.mergeStep(List.of("hell", "o"), ranks), "nothing left to merge");
        assertEquals(List.of("ll", "l", "l"), ByteLevel.mergeStep(List.of("l", "l", "l", "l"), ranks),
                "of two equal pairs the leftmost is merged, one at a time");
        assertEquals(List.of("x"), ByteLevel.mergeStep(List.of("x"), ranks));
    }

    @Test
    @Graded(exercise = "6.2", kind = Graded.Kind.ALGORITHM, title = "BPE on Brown's words with GPT-2's ranks (vs JTokkit)",
            hint = "Repeat merge steps until no adjacent pair has a rank; start from single characters of the byte-level piece.")
    void encodeWordMatchesJTokkit() {
        Encoding jtokkit = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.R50K_BASE);
        ByteLevelBpe gpt2 = ByteLevelBpe.r50k();
        Map<String, Integer> ranks = gpt2.ranks();
        assertEquals(List.of("Ġjury"), ByteLevel.encodeWord("Ġjury", ranks), "' jury' is one of GPT-2's tokens");
        assertEquals(List.of("Ġjury", "men"), ByteLevel.encodeWord("Ġjurymen", ranks), "' jurymen' (GPT-2: 9002, 3653)");
        assertEquals(List.of("Ġant", "ig", "ens"), ByteLevel.encodeWord("Ġantigens", ranks), "' antigens' (1885, 328, 641)");
        Set<String> words = new LinkedHashSet<>();
        for (BrownCorpus.Document d : BrownCorpus.load().documents(Split.VALIDATION)) {
            for (List<TaggedWord> s : d.sentences()) {
                for (TaggedWord w : s) {
                    if (w.word().chars().allMatch(Character::isLetter)) {
                        words.add(" " + w.word());
                    }
                }
            }
        }
        for (String w : words) {
            String piece = ByteLevelBpe.toSymbols(w.getBytes(StandardCharsets.UTF_8));
            int[] ours = ByteLevel.encodeWord(piece, ranks).stream().mapToInt(gpt2::id).toArray();
            int[] reference = jtokkit.encodeOrdinary(w).toArray();
            assertArrayEquals(reference, ours, () -> "'" + w + "': JTokkit " + Arrays.toString(reference) + " = "
                    + Arrays.stream(reference).mapToObj(gpt2::token).toList() + ", yours "
                    + ByteLevel.encodeWord(piece, ranks));
        }
    }
}
