package org.tlnlp.lesson05;

import org.junit.jupiter.api.Test;
import org.tlnlp.data.BrownCorpus;
import org.tlnlp.data.TaggedWord;
import org.tlnlp.grading.Graded;
import org.tlnlp.lesson05.exercises.Tokenization;
import org.tlnlp.text.BasicTokenizer;
import org.tlnlp.text.WordPiece;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Graded tests of exercises 5.1 and 5.2. The library's tokenizer they compare with matches Hugging Face's on all of Brown. */
class TokenizationTest {

    static List<String> brownSentences(int n) {
        return BrownCorpus.load().documents().stream().flatMap(d -> d.sentences().stream()).limit(n)
                .map(s -> s.stream().map(TaggedWord::word).collect(Collectors.joining(" "))).toList();
    }

    @Test
    @Graded(exercise = "5.1", kind = Graded.Kind.ALGORITHM, title = "WordPiece on single words",
            hint = "Greedy longest match first from the left; every piece after the first carries ##; if any position has no piece in the vocabulary the whole word is [UNK]; words over 100 characters are [UNK].")
    void wordPiece() {
        Set<String> vocab = Set.of("un", "##aff", "##able", "##a", "a", "##b", "xy");
        assertEquals(List.of("un", "##aff", "##able"), Tokenization.wordPiece("unaffable", vocab),
                "the longest prefix first, then the longest ## continuation");
        assertEquals(List.of("a", "##b", "##b"), Tokenization.wordPiece("abb", vocab));
        assertEquals(List.of("[UNK]"), Tokenization.wordPiece("xyz", vocab), "no piece for 'z': the whole word is [UNK]");
        assertEquals(List.of("[UNK]"), Tokenization.wordPiece("a".repeat(101), Set.of("a", "##a")),
                "over 100 characters is [UNK]");
        assertEquals(List.of("a"), Tokenization.wordPiece("a", vocab));

        WordPiece reference = WordPiece.bert(MiniLMReference.TOKENIZER.vocabulary());
        Set<String> full = new HashSet<>(MiniLMReference.TOKENIZER.vocabulary().tokens());
        for (String sentence : brownSentences(300)) {
            for (String word : BasicTokenizer.uncased().tokenize(sentence)) {
                assertEquals(reference.split(word), Tokenization.wordPiece(word, full), "word '" + word + "'");
            }
        }
    }

    @Test
    @Graded(exercise = "5.2", kind = Graded.Kind.ALGORITHM, title = "the basic tokenizer",
            hint = "Clean (drop control characters, map white space to a space), space out CJK ideographs, lower-case with Locale.ROOT, strip accents (NFD, drop Mn), then split on white space and on punctuation.")
    void basicTokenize() {
        assertEquals(List.of("hello", ",", "world", "!"), Tokenization.basicTokenize("Héllo, World!"));
        assertEquals(List.of("東", "京", "abc"), Tokenization.basicTokenize("東京abc"), "each CJK ideograph is a word");
        assertEquals(List.of("ab", "c"), Tokenization.basicTokenize("a\u0000b\u200B\tc"), "controls dropped, tab splits");
        assertEquals(List.of("$", "5", "=", "x"), Tokenization.basicTokenize("$5=x"), "ASCII symbols count as punctuation");
        assertEquals(List.of(), Tokenization.basicTokenize("   "));
        BasicTokenizer reference = BasicTokenizer.uncased();
        for (String s : brownSentences(2000)) {
            assertEquals(reference.tokenize(s), Tokenization.basicTokenize(s), "sentence: " + s);
        }
        Random r = new Random(5);
        for (int i = 0; i < 10_000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int j = r.nextInt(8); j > 0; j--) {
                sb.append((char) r.nextInt(0x10000));
            }
            Tokenization.basicTokenize(sb.toString()); // must not throw, lone surrogates included
        }
    }
}
