package org.tlnlp.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TsvTest {

    @TempDir
    Path dir;

    @Test
    void readsAGlueStyleFileWithHeaderAndUnquotedQuotes() throws IOException {
        Path f = dir.resolve("train.tsv");
        Files.writeString(f, "sentence\tlabel\nit 's a \"charming\" film\t1\nflat , dull\t0\n");
        Tsv.Table t = Tsv.read(f, true);
        assertEquals(List.of("sentence", "label"), t.header());
        assertEquals(2, t.rows().size());
        assertEquals("it 's a \"charming\" film", t.rows().get(0).get(0));
        assertEquals(List.of("1", "0"), t.values("label"));
    }

    @Test
    void aFileThatIsNotUtf8NamesFileLineAndByte() throws IOException {
        Path f = dir.resolve("latin1.tsv");
        byte[] head = "sentence\tlabel\nit works\t1\ncaf".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(head, head.length + 4);
        bytes[head.length] = (byte) 0xE9; // é in ISO-8859-1
        bytes[head.length + 1] = '\t';
        bytes[head.length + 2] = '0';
        bytes[head.length + 3] = '\n';
        Files.write(f, bytes);
        IOException e = assertThrows(IOException.class, () -> Tsv.read(f, true));
        assertTrue(e.getMessage().contains("latin1.tsv, line 3, byte 4 of the line: not UTF-8 (byte 0xE9)"), e.getMessage());
        IOException folder = assertThrows(IOException.class, () -> Tsv.read(dir, true));
        assertTrue(folder.getMessage().contains("is a folder; a text file was expected"), folder.getMessage());
    }

    @Test
    void readsAFileWithoutHeader() throws IOException {
        Path f = dir.resolve("cola.tsv");
        Files.writeString(f, "gj04\t1\t\tOur friends won't buy this analysis.\r\ngj04\t0\t*\tThey drank the pub.\r\n");
        Tsv.Table t = Tsv.read(f, false);
        assertTrue(t.header().isEmpty());
        assertEquals(List.of("gj04", "0", "*", "They drank the pub."), t.rows().get(1));
    }

    @Test
    void rowsWithTooFewFieldsCanBeSkippedAndAreListed() throws IOException {
        Path f = dir.resolve("qqp.tsv");
        Files.writeString(f, "id\tq1\tq2\tis_duplicate\n1\ta?\tb?\t0\n2\tonly one question?\n3\tc?\t\t1\n");
        Tsv.Table t = Tsv.read(f, true, Tsv.Quoting.NONE, Tsv.ShortRows.SKIP);
        assertEquals(List.of("1", "3"), t.values("id"));
        assertEquals(List.of(3), t.skippedLines());
        assertEquals("", t.rows().get(1).get(2), "an empty field is a field");
        assertThrows(TsvFormatException.class, () -> Tsv.read(f, true), "strict by default");
        Files.writeString(f, "a\tb\n1\t2\t3\n");
        assertThrows(TsvFormatException.class, () -> Tsv.read(f, true, Tsv.Quoting.NONE, Tsv.ShortRows.SKIP),
                "a row with too many fields is still an error");
    }

    @Test
    void aRowWithTheWrongNumberOfFieldsNamesFileAndLine() throws IOException {
        Path f = dir.resolve("bad.tsv");
        Files.writeString(f, "a\tb\tlabel\nx\ty\t1\nonly two\t0\n");
        TsvFormatException e = assertThrows(TsvFormatException.class, () -> Tsv.read(f, true));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith(f + ":3: expected 3 tab-separated fields"), e.getMessage());
        assertTrue(e.getMessage().contains("found 2"), e.getMessage());
    }

    @Test
    void quotedFieldsHoldTabsNewlinesAndQuotes() throws IOException {
        Path f = dir.resolve("quoted.tsv");
        List<List<String>> rows = List.of(List.of("tab\there", "line\nbreak"), List.of("say \"hi\"", "plain"));
        Tsv.write(f, List.of("a", "b"), rows, Tsv.Quoting.CSV);
        assertEquals("a\tb\n\"tab\there\"\t\"line\nbreak\"\n\"say \"\"hi\"\"\"\tplain\n", Files.readString(f));
        Tsv.Table back = Tsv.read(f, true, Tsv.Quoting.CSV);
        assertEquals(rows, back.rows());
    }

    @Test
    void anUnclosedQuoteNamesTheLineItOpensOn() throws IOException {
        Path f = dir.resolve("open.tsv");
        Files.writeString(f, "a\tb\n1\t2\n\"never closed\t3\n4\t5\n");
        TsvFormatException e = assertThrows(TsvFormatException.class, () -> Tsv.read(f, true, Tsv.Quoting.CSV));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("never closed"), e.getMessage());
    }

    @Test
    void writingUnquotedRefusesFieldsItCannotStoreAndLeavesNoFile() {
        Path f = dir.resolve("out.tsv");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tsv.write(f, List.of("a"), List.of(List.of("has\ttab"))));
        assertTrue(e.getMessage().contains("Quoting.CSV"));
        assertTrue(Files.notExists(f));
    }

    @Test
    void roundTripsPlainRows() throws IOException {
        Path f = dir.resolve("plain.tsv");
        List<List<String>> rows = List.of(List.of("the jury said", "DET NOUN VERB"), List.of("", "x"));
        Tsv.write(f, List.of("source", "target"), rows);
        assertEquals(rows, Tsv.read(f, true).rows());
    }
}
