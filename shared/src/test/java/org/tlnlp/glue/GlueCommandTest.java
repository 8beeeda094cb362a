package org.tlnlp.glue;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tlnlp.data.Tsv;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.models.Pretrained;
import org.tlnlp.models.bert.Bert;
import org.tlnlp.models.bert.BertConfig;
import org.tlnlp.models.bert.MiniLM;
import org.tlnlp.text.BertTokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./course glue DIR} end to end on a folder with every GLUE task's layout ({@link GlueFixture}), with a tiny
 * BERT saved as a Hugging Face folder ({@code --model DIR}): every task is fine-tuned and scored on dev, and the
 * prediction files have the benchmark's names, header, indices and label strings.
 */
class GlueCommandTest {

    @TempDir
    Path tmp;

    @Test
    void everyTaskRunsEndToEndAndThePredictionFilesHaveTheSubmissionFormat() throws IOException {
        Path glue = tmp.resolve("glue_data");
        GlueFixture.write(glue);
        Path model = tmp.resolve("tiny-bert");
        BertTokenizer tokenizer = MiniLM.tokenizer();
        try (NDManager m = Engines.newManager()) {
            new Rng(1).seedEngine();
            Bert bert = Bert.create(new BertConfig(tokenizer.vocabulary().size(), 16, 1, 2, 32, 64, 2, 1e-12f, 0.1f), m);
            Pretrained.save(bert, tokenizer, model);
        }
        Path out = tmp.resolve("out");
        GlueCommand.Result r = GlueCommand.run(GlueCommand.parse(new String[] {glue.toString(), "--model", model.toString(),
                "--epochs", "1", "--batch", "4", "--max-length", "48", "--out", out.toString()}));

        assertEquals(List.of("CoLA", "SST-2", "MRPC", "STS-B", "QQP", "MNLI", "QNLI", "RTE", "WNLI"),
                List.copyOf(r.dev().keySet()), "every task scored on dev");
        assertEquals(List.of("dev_matched", "dev_mismatched"), r.dev().get("MNLI").entries().stream()
                .map(GlueScores.Entry::set).toList());
        assertEquals(List.of(GlueMetric.F1, GlueMetric.ACCURACY), r.dev().get("MRPC").entries().stream()
                .map(GlueScores.Entry::metric).toList());
        String report = Files.readString(r.report());
        assertTrue(report.contains("| **GLUE score** |"), report);
        assertTrue(report.contains("1 row with missing fields skipped"), "the skipped QQP row is noted");

        Path submission = out.resolve("submission");
        Set<String> names;
        try (Stream<Path> files = Files.list(submission)) {
            names = files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        assertEquals(Set.copyOf(GlueFixture.SUBMISSIONS), names, "the benchmark's file names");

        // Each file checked against its test file, read here without the course's GLUE reader.
        check(submission.resolve("CoLA.tsv"), glue.resolve("CoLA/test.tsv"), "index", Set.of("0", "1"));
        check(submission.resolve("SST-2.tsv"), glue.resolve("SST-2/test.tsv"), "index", Set.of("0", "1"));
        check(submission.resolve("MRPC.tsv"), glue.resolve("MRPC/test.tsv"), "index", Set.of("0", "1"));
        check(submission.resolve("QQP.tsv"), glue.resolve("QQP/test.tsv"), "id", Set.of("0", "1"));
        Set<String> nli = Set.of("entailment", "neutral", "contradiction");
        check(submission.resolve("MNLI-m.tsv"), glue.resolve("MNLI/test_matched.tsv"), "index", nli);
        check(submission.resolve("MNLI-mm.tsv"), glue.resolve("MNLI/test_mismatched.tsv"), "index", nli);
        check(submission.resolve("AX.tsv"), glue.resolve("diagnostic/diagnostic.tsv"), "index", nli);
        check(submission.resolve("QNLI.tsv"), glue.resolve("QNLI/test.tsv"), "index", Set.of("entailment", "not_entailment"));
        check(submission.resolve("RTE.tsv"), glue.resolve("RTE/test.tsv"), "index", Set.of("entailment", "not_entailment"));
        check(submission.resolve("WNLI.tsv"), glue.resolve("WNLI/test.tsv"), "index", Set.of("0", "1"));
        List<String> sts = check(submission.resolve("STS-B.tsv"), glue.resolve("STS-B/test.tsv"), "index", null);
        for (String v : sts) {
            assertTrue(v.matches("\\d\\.\\d{3}"), "STS-B scores are written with three decimals: " + v);
            double x = Double.parseDouble(v);
            assertTrue(x >= 0 && x <= 5, "and lie in [0, 5]: " + v);
        }
    }

    /** The file's header, one row per test example in the test file's order, with its index; returns the predictions. */
    private static List<String> check(Path file, Path test, String indexColumn, Set<String> allowed) throws IOException {
        List<String> lines = Files.readAllLines(file);
        assertEquals("index\tprediction", lines.get(0), file + ": header");
        List<String> testLines = Files.readAllLines(test);
        int col = List.of(testLines.get(0).split("\t", -1)).indexOf(indexColumn);
        assertEquals(testLines.size(), lines.size(), file + ": one row per test example");
        List<String> predictions = new java.util.ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split("\t", -1);
            assertEquals(2, f.length, file + " line " + (i + 1));
            assertEquals(testLines.get(i).split("\t", -1)[col], f[0], file + " line " + (i + 1) + ": the test file's index");
            if (allowed != null) {
                assertTrue(allowed.contains(f[1]), file + " line " + (i + 1) + ": " + f[1] + " is not one of " + allowed);
            }
            predictions.add(f[1]);
        }
        return predictions;
    }

    @Test
    void aFolderWithoutTasksAndAnUnknownModelAreNamed() throws IOException {
        IOException e = assertThrows(IOException.class, () -> GlueCommand.run(GlueCommand.parse(new String[] {tmp.toString()})));
        assertTrue(e.getMessage().contains("holds no task folder the course knows"), e.getMessage());
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> GlueCommand.encoder("roberta-large"));
        assertTrue(m.getMessage().contains("unknown model 'roberta-large'"), m.getMessage());
        IllegalArgumentException o = assertThrows(IllegalArgumentException.class,
                () -> GlueCommand.parse(new String[] {tmp.toString(), "--epoch", "3"}));
        assertTrue(o.getMessage().startsWith("unknown option --epoch"), o.getMessage());
        // the writer refuses what the benchmark's unquoted format cannot hold
        assertThrows(IllegalArgumentException.class, () -> Tsv.write(tmp.resolve("x.tsv"), List.of("a"),
                List.of(List.of("a\tb"))));
    }
}
