package org.tlnlp.lesson01;

import org.tlnlp.data.BrownCorpus;
import org.tlnlp.data.BrownTags;
import org.tlnlp.data.Split;
import org.tlnlp.data.TaggedWord;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Real data for the graded tests: the training documents of two Brown genres. */
final class BrownGenres {

    private BrownGenres() {
    }

    /** Tagged tokens of a genre's documents in a split; words lower-cased, tags without Brown's marks. */
    static List<TaggedWord> tokens(String genre, Split split) {
        return BrownCorpus.load().documents(split, genre).stream()
                .flatMap(BrownCorpus.Document::tokens)
                .map(t -> new TaggedWord(t.word().toLowerCase(Locale.ROOT), BrownTags.base(t.tag())))
                .toList();
    }

    static Map<String, Long> wordCounts(List<TaggedWord> tokens) {
        Map<String, Long> c = new HashMap<>();
        tokens.forEach(t -> c.merge(t.word(), 1L, Long::sum));
        return c;
    }

    static Map<String, Long> tagCounts(List<TaggedWord> tokens) {
        Map<String, Long> c = new HashMap<>();
        tokens.forEach(t -> c.merge(t.tag(), 1L, Long::sum));
        return c;
    }
}
