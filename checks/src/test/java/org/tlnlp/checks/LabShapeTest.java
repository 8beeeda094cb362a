package org.tlnlp.checks;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A lab is a short narrative over the library: no file of a lab is longer than 250 lines. */
class LabShapeTest {

    static final int LONGEST = 250;

    @Test
    void everyLabFileReadsInOneSitting() throws IOException {
        List<String> tooLong = new ArrayList<>();
        int seen = 0;
        try (Stream<Path> files = Files.walk(ExerciseSpecificationTest.ROOT.resolve("lessons"))) {
            for (Path p : files.filter(f -> f.toString().replace('\\', '/').matches(".*/src/main/java/.*/lab/[^/]+\\.java"))
                    .toList()) {
                seen++;
                long lines = Files.readAllLines(p).size();
                if (lines > LONGEST) {
                    tooLong.add(ExerciseSpecificationTest.ROOT.relativize(p) + " (" + lines + " lines)");
                }
            }
        }
        assertTrue(seen >= 4, "found only " + seen + " lab files");
        assertTrue(tooLong.isEmpty(), "labs over " + LONGEST + " lines (shared pieces belong in the library): " + tooLong);
    }
}
