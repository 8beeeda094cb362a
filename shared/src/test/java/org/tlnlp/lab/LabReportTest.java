package org.tlnlp.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

class LabReportTest {

    record Sizes(int n) {
    }

    @Test
    void theHeaderNamesTheCommandThatWroteIt(@TempDir Path root) throws Exception {
        Path plain = LabReport.start(root, "07-nlu", "A lab", LabSize.SMOKE, 1, new Sizes(1)).write();
        assertTrue(Files.readString(plain).contains("Written by `./course run 07-nlu --smoke`"), Files.readString(plain));
        Path part = LabReport.start(root, "07-nlu-layers", "A part", LabSize.SMOKE, 1, new Sizes(1))
                .command("./course run 07-nlu").write();
        assertTrue(part.endsWith("results/smoke/07-nlu-layers.md"), part.toString());
        assertTrue(Files.readString(part).contains("Written by `./course run 07-nlu --smoke`"), Files.readString(part));
    }
}
