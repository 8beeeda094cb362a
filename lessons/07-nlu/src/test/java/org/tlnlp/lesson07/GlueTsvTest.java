package org.tlnlp.lesson07;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.tlnlp.grading.Graded;
import org.tlnlp.lesson07.exercises.GlueTsv;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Graded tests of exercise 7.5, against the rows Python's csv module reads (quotechar None, as GLUE's tools). */
class GlueTsvTest {

    @Test
    @Graded(exercise = "7.5", kind = Graded.Kind.FUNCTION, title = "GLUE's TSV quirks, read as Python's csv module reads them",
            hint = "Split lines on \\n (dropping a \\r before it) and fields on tabs only, quotes included as text; find columns by header name; skip rows with fewer fields than the header and empty lines; drop a leading U+FEFF.")
    void quirks() {
        List<JsonObject> cases = Golden.objects(Golden.load("glue/tsv.json").getAsJsonArray("cases"));
        for (JsonObject c : cases) {
            List<String> columns = new ArrayList<>();
            c.getAsJsonArray("columns").forEach(x -> columns.add(x.getAsString()));
            List<List<String>> want = new ArrayList<>();
            c.getAsJsonArray("rows").forEach(r -> {
                List<String> row = new ArrayList<>();
                r.getAsJsonArray().forEach(v -> row.add(v.getAsString()));
                want.add(row);
            });
            List<List<String>> got = GlueTsv.read(c.get("text").getAsString(), columns);
            assertEquals(want, got, c.get("name").getAsString() + ": the rows of columns " + columns
                    + " (a quoting reader would see " + c.get("rows_if_quotes_were_honoured") + " rows)");
        }
        assertEquals(6, cases.size());
    }

    @Test
    @Graded(exercise = "7.5", kind = Graded.Kind.RECIPE, title = "a missing column is named, with the header",
            hint = "Look every asked column up in the header before reading rows; the message names the missing column and lists the header.")
    void missingColumn() {
        String text = "index\tsentence1\tsentence2\tlabel\n0\tA man is playing.\tA man plays.\tentailment\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GlueTsv.read(text, List.of("sentence1", "gold_label")));
        assertTrue(e.getMessage().contains("gold_label") && e.getMessage().contains("sentence2"),
                "the message should name 'gold_label' and list the header [index, sentence1, sentence2, label]: "
                        + e.getMessage());
    }
}
