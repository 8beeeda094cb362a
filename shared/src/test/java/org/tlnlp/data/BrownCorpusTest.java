package org.tlnlp.data;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BrownCorpusTest {

    private final BrownCorpus brown = BrownCorpus.load();

    @Test
    void hasThePublishedSize() {
        assertEquals(500, brown.documents().size());
        assertEquals(15, brown.genres().size());
        assertEquals(57_340, brown.documents().stream().mapToInt(d -> d.sentences().size()).sum());
        assertEquals(1_161_192, brown.documents().stream().mapToInt(BrownCorpus.Document::tokenCount).sum());
    }

    @Test
    void countsAgreeWithAPlainWhitespaceCountOfTheRawFiles() throws IOException {
        // An independent count: every whitespace-separated token of every document file.
        long tokens = 0;
        try (InputStream in = BrownCorpus.class.getResourceAsStream("brown.zip");
             ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                if (e.getName().matches("c[a-r]\\d\\d")) {
                    String text = new String(z.readAllBytes(), StandardCharsets.UTF_8).trim();
                    tokens += text.isEmpty() ? 0 : text.split("\\s+").length;
                }
            }
        }
        assertEquals(tokens, brown.documents().stream().mapToInt(BrownCorpus.Document::tokenCount).sum());
    }

    @Test
    void readsTheFirstSentenceAsPublished() {
        BrownCorpus.Document ca01 = brown.documents().get(0);
        assertEquals("ca01", ca01.id());
        assertEquals("news", ca01.genre());
        List<TaggedWord> first = ca01.sentences().get(0);
        assertEquals(new TaggedWord("The", "at"), first.get(0));
        assertEquals(new TaggedWord("Fulton", "np-tl"), first.get(1));
        assertEquals(new TaggedWord("Atlanta's", "np$"), first.get(10));
        assertEquals(new TaggedWord(".", "."), first.get(first.size() - 1));
    }

    @Test
    void splitIsByDocumentAndCoversEveryGenre() {
        Map<String, Set<Split>> splitsByGenre = new HashMap<>();
        brown.documents().forEach(d -> splitsByGenre.computeIfAbsent(d.genre(), g -> EnumSet.noneOf(Split.class)).add(d.split()));
        splitsByGenre.forEach((g, s) -> assertEquals(EnumSet.allOf(Split.class), s, g));
        Map<Split, Long> docs = brown.documents().stream().collect(Collectors.groupingBy(BrownCorpus.Document::split,
                Collectors.counting()));
        assertEquals(500, docs.values().stream().mapToLong(Long::longValue).sum());
        assertTrue(docs.get(Split.TRAIN) > 380 && docs.get(Split.VALIDATION) > 45 && docs.get(Split.TEST) > 45, docs::toString);
        // The documented rule, checked on named documents: the 3rd news text is validation, the 6th test.
        assertEquals(Split.VALIDATION, byId("ca03").split());
        assertEquals(Split.TEST, byId("ca06").split());
        assertEquals(Split.TRAIN, byId("ca07").split());
    }

    @Test
    void tagsFollowTheLastSlash() {
        assertEquals(new TaggedWord("1/2", "cd"), TaggedWord.parse("1/2/cd"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaggedWord.parse("word"));
        assertTrue(e.getMessage().contains("word/tag"));
        assertEquals("nn", BrownTags.base("nn-tl"));
        assertEquals("np$", BrownTags.base("np$-hl"));
        assertEquals("nn", BrownTags.base("fw-nn-tl"));
        assertEquals("ppss+md", BrownTags.base("ppss+md"));
    }

    private BrownCorpus.Document byId(String id) {
        return brown.documents().stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
    }
}
