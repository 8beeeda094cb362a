package org.tlnlp.glue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tlnlp.glue.TaskFormat.Column;
import org.tlnlp.glue.TaskFormat.Layout;
import org.tlnlp.lab.LabReport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link GlueFiles} on every task's layout ({@link GlueFixture}) and on the quirks of {@code testdata/glue/tsv.json}. */
class GlueFilesTest {

    @TempDir
    Path dir;

    @Test
    void everyTaskIsFoundAndReadByItsLayout() throws IOException {
        GlueFixture.write(dir);
        List<TaskFormat> found = GlueFiles.find(dir, GlueTask.formats());
        assertEquals(GlueTask.formats(), found, "all ten folders are found");

        TaskData cola = GlueFiles.read(dir, GlueTask.COLA.format());
        assertEquals(6, cola.train().size());
        assertEquals(new Example("2", "They drank the pub.", null, "0"), cola.train().get(2), "CoLA: no header, label in column 1");
        assertEquals(List.of("0", "1", "2"), cola.onlyTest().stream().map(Example::id).toList());
        assertNull(cola.onlyTest().get(0).label(), "test files are unlabelled");

        TaskData sst = GlueFiles.read(dir, GlueTask.SST2.format());
        assertEquals("\" a gorgeous , witty , seductive movie . ", sst.train().get(3).textA(), "an unclosed quote is text");
        assertEquals(6, sst.train().size(), "and it does not swallow the lines after it");

        TaskData mnli = GlueFiles.read(dir, GlueTask.MNLI.format());
        assertEquals(List.of("dev_matched", "dev_mismatched"), List.copyOf(mnli.dev().keySet()));
        assertEquals(List.of("test_matched", "test_mismatched"), List.copyOf(mnli.test().keySet()));
        assertEquals(List.of("neutral", "contradiction", "entailment"),
                mnli.dev().get("dev_matched").stream().map(Example::label).toList(), "gold_label after five annotators' labels");
        assertEquals("contradiction", mnli.train().get(5).label(), "gold_label after one annotator's label");
        assertEquals("Hierbas is a name worth looking out for.", mnli.test().get("test_matched").get(0).textB());
        assertEquals(3, mnli.test().get("test_mismatched").size());

        TaskData qqp = GlueFiles.read(dir, GlueTask.QQP.format());
        assertEquals(5, qqp.train().size(), "the row without its second question is skipped");
        assertEquals(1, qqp.notes().size());
        assertTrue(qqp.notes().get(0).contains("train.tsv (QQP): 1 row with missing fields skipped, at line [6]"),
                qqp.notes().get(0));
        assertEquals("402555", qqp.train().get(1).id());

        TaskData sts = GlueFiles.read(dir, GlueTask.STSB.format());
        assertEquals(3.8, sts.spec().gold(sts.train()).values()[1], 0);
        TaskData mrpc = GlueFiles.read(dir, GlueTask.MRPC.format());
        assertEquals("1", mrpc.train().get(0).label());
        assertTrue(mrpc.train().get(0).textB().startsWith("Referring to him"));

        TaskData ax = GlueFiles.read(dir, GlueTask.AX.format());
        assertTrue(ax.train().isEmpty() && ax.dev().isEmpty());
        assertEquals(3, ax.onlyTest().size());
    }

    @Test
    void aMissingColumnNamesTheFileAndTheHeader() throws IOException {
        GlueFixture.write(dir);
        Files.writeString(dir.resolve("RTE/dev.tsv"), "index\tpremise\thypothesis\tlabel\n0\ta\tb\tentailment\n");
        IOException e = assertThrows(IOException.class, () -> GlueFiles.read(dir, GlueTask.RTE.format()));
        assertTrue(e.getMessage().contains("dev.tsv: no column 'sentence1'; the header has [index, premise, hypothesis, label]"),
                e.getMessage());
        Files.writeString(dir.resolve("RTE/dev.tsv"), "index\tsentence1\tsentence2\tlabel\n0\ta\tb\tmaybe\n");
        TaskData rte = GlueFiles.read(dir, GlueTask.RTE.format());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> rte.spec().gold(rte.dev().get("dev")));
        assertTrue(bad.getMessage().contains("RTE: label 'maybe' is not one of [entailment, not_entailment]"), bad.getMessage());
    }

    /** The rows Python's csv module reads from GLUE-style texts (quotechar None), as Hugging Face's processors do. */
    @Test
    void quirksAreReadAsPythonsCsvModuleReadsThem() throws IOException {
        Path golden = LabReport.repositoryRoot().resolve("testdata/glue/tsv.json");
        JsonObject json = JsonParser.parseString(Files.readString(golden)).getAsJsonObject();
        int cases = 0;
        for (JsonElement e : json.getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            List<String> columns = new ArrayList<>();
            c.getAsJsonArray("columns").forEach(x -> columns.add(x.getAsString()));
            Path f = dir.resolve("case" + cases++ + ".tsv");
            Files.writeString(f, c.get("text").getAsString());
            boolean byIndex = columns.get(0).equals("index");
            Layout layout = byIndex
                    ? new Layout(true, Column.named(columns.get(0)), Column.named(columns.get(1)), Column.named(columns.get(2)), null)
                    : new Layout(true, null, Column.named(columns.get(0)), columns.size() == 3 ? Column.named(columns.get(1)) : null,
                    Column.named(columns.get(columns.size() - 1)));
            List<String> notes = new ArrayList<>();
            List<Example> read = GlueFiles.read(f, layout, notes);
            List<List<String>> got = new ArrayList<>();
            for (Example x : read) {
                List<String> row = new ArrayList<>();
                if (byIndex) {
                    row.add(x.id());
                }
                row.add(x.textA());
                if (x.textB() != null) {
                    row.add(x.textB());
                }
                if (x.label() != null) {
                    row.add(x.label());
                }
                got.add(row);
            }
            List<List<String>> want = new ArrayList<>();
            c.getAsJsonArray("rows").forEach(r -> {
                List<String> row = new ArrayList<>();
                r.getAsJsonArray().forEach(v -> row.add(v.getAsString()));
                want.add(row);
            });
            String name = c.get("name").getAsString();
            assertEquals(want, got, name);
            assertEquals(c.get("skipped").getAsInt(), notes.isEmpty() ? 0 : Integer.parseInt(notes.get(0)
                    .replaceAll(".*: (\\d+) rows? with missing.*", "$1")), name + ": skipped rows");
        }
        assertEquals(6, cases);
    }
}
