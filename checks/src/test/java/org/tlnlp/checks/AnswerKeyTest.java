package org.tlnlp.checks;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every answer key scores full marks: a key's test can pass and still earn nothing (when it calls the library
 * piece it teaches), so the grades the solution modules wrote are read back here. Runs after the solutions in
 * {@code mvn test} (this module comes last in the build).
 */
class AnswerKeyTest {

    @TestFactory
    Stream<DynamicTest> everyAnswerKeyScoresFullMarks() throws IOException {
        try (Stream<Path> lessons = Files.list(ExerciseSpecificationTest.ROOT.resolve("solutions"))) {
            return lessons.filter(p -> Files.isDirectory(p.resolve("src/main/java"))).sorted().toList().stream()
                    .map(key -> DynamicTest.dynamicTest(key.getFileName().toString(), () -> {
                        Path grade = key.resolve("target/grade.json");
                        assertTrue(Files.exists(grade), grade + " is missing: run the solutions' tests first (mvn test)");
                        JsonObject g = JsonParser.parseString(Files.readString(grade)).getAsJsonObject();
                        assertEquals(g.get("possible").getAsInt(), g.get("earned").getAsInt(),
                                key.getFileName() + "'s answer key lost points (see " + grade + ")");
                    }));
        }
    }
}
