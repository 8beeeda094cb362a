package org.tlnlp.glue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The offline suite: its tasks' shapes, no text in both training and test, a round trip through GLUE's format. */
class OfflineSuiteTest {

    @TempDir
    Path dir;

    @Test
    void fiveTasksOfRealDataWithSeparateTrainingAndTestTexts() {
        List<TaskData> suite = OfflineSuite.build(OfflineSuite.Sizes.SMOKE, 3);
        assertEquals(List.of("Sentiment", "Spam", "BrownGenre", "BrownNext", "BrownAccept"),
                suite.stream().map(TaskData::name).toList());
        for (TaskData t : suite) {
            assertEquals(40, t.train().size(), t.name());
            assertEquals(20, t.dev().get("dev").size(), t.name());
            assertEquals(30, t.onlyTest().size(), t.name());
            assertTrue(t.testLabelled(), t.name() + ": the suite keeps its test labels");
            assertFalse(t.spec().description().isBlank());
            assertFalse(t.spec().name().matches("CoLA|SST-2|MRPC|STS-B|QQP|MNLI|QNLI|RTE|WNLI"), "no GLUE name");
            Set<String> train = new HashSet<>();
            for (Example e : t.train()) {
                train.add(e.textA() + "\u0000" + e.textB());
                t.spec().labelIndex(e.label());
                assertEquals(t.spec().pair(), e.textB() != null, t.name());
                assertFalse(e.textA().matches(".*[\\t\\n\\r].*"), t.name() + ": no tabs or line breaks");
            }
            for (Example e : t.onlyTest()) {
                assertFalse(train.contains(e.textA() + "\u0000" + e.textB()), t.name() + ": a test text was trained on: " + e);
            }
            assertTrue(t.train().stream().map(Example::label).distinct().count() > 1, t.name() + ": more than one label");
        }
        assertEquals(suite.get(4).onlyTest(), OfflineSuite.build(OfflineSuite.Sizes.SMOKE, 3).get(4).onlyTest(),
                "the same seed draws the same suite");
    }

    @Test
    void writtenInGlueFormatAndReadBackTheSame() throws IOException {
        List<TaskData> suite = OfflineSuite.build(OfflineSuite.Sizes.SMOKE, 5);
        for (TaskData t : suite) {
            GlueFiles.write(dir, t);
        }
        assertEquals(OfflineSuite.formats(), GlueFiles.find(dir, OfflineSuite.formats()));
        for (TaskData t : suite) {
            TaskData back = GlueFiles.read(dir, t.format());
            assertEquals(t.train(), back.train(), t.name());
            assertEquals(t.dev(), back.dev(), t.name());
            assertEquals(t.test(), back.test(), t.name() + ": test labels come back from test_labels.tsv");
        }
        String test = Files.readString(dir.resolve("BrownNext/test.tsv"));
        assertTrue(test.startsWith("index\tsentence1\tsentence2\n"), "the test file is unlabelled: " + test.lines().findFirst());
    }

    @Test
    void aDamagedSentenceAlwaysDiffersByOneEditOfItsWords() {
        Random r = new Random(1);
        List<String> words = List.of("The", "jury", "said", "it", "did", "find", "that", "many", "of", "Atlanta's", ".");
        int longer = 0;
        for (int i = 0; i < 300; i++) {
            List<String> d = OfflineSuite.damaged(words, r);
            assertNotEquals(words, d);
            assertEquals(".", d.get(d.size() - 1), "punctuation stays where it is");
            if (d.size() == words.size() + 1) {
                longer++;
            } else {
                assertEquals(words.size(), d.size());
                assertEquals(new HashSet<>(words), new HashSet<>(d), "a swap or a move keeps the words");
            }
        }
        assertTrue(longer > 50 && longer < 200, "about a third of the edits double a word: " + longer);
    }
}
