package org.tlnlp.checks;

import com.github.javaparser.StaticJavaParser;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.nodeTypes.NodeWithModifiers;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.printer.configuration.DefaultPrinterConfiguration;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * An exercise's specification — its Javadoc, signatures, constants and class declaration — is identical in the
 * lesson's stub and in the answer key: a learner reads the same contract the key fulfils. Parsed with a real Java
 * parser; only method and constructor bodies, imports and the key's own private helpers may differ.
 */
class ExerciseSpecificationTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    static List<Path> stubs() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT.resolve("lessons"))) {
            return files.filter(p -> p.toString().replace('\\', '/').matches(".*/src/main/java/.*/exercises/[^/]+\\.java"))
                    .sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyStubHasAnAnswerKeyWithTheSameSpecification() throws IOException {
        List<Path> stubs = stubs();
        assertTrue(stubs.size() >= 10, "found only " + stubs.size() + " exercise files under " + ROOT.resolve("lessons"));
        return stubs.stream().map(stub -> DynamicTest.dynamicTest(ROOT.relativize(stub).toString(), () -> {
            Path key = ROOT.resolve("solutions").resolve(ROOT.resolve("lessons").relativize(stub));
            assertTrue(Files.exists(key), "the answer key " + ROOT.relativize(key) + " is missing");
            Map<String, String> a = specification(stub);
            Map<String, String> b = specification(key);
            List<String> problems = new ArrayList<>();
            a.forEach((name, decl) -> {
                if (!b.containsKey(name)) {
                    problems.add("the key lacks " + name);
                } else if (!b.get(name).equals(decl)) {
                    problems.add(name + " differs:\n--- stub\n" + decl + "\n--- key\n" + b.get(name));
                }
            });
            b.forEach((name, decl) -> {
                if (!a.containsKey(name) && !name.startsWith("private ")) {
                    problems.add("the key has " + name + ", which the stub does not (only private helpers may be added)");
                }
            });
            if (!problems.isEmpty()) {
                fail(ROOT.relativize(stub) + " and its answer key differ outside method bodies:\n" + String.join("\n", problems));
            }
        }));
    }

    /**
     * The file's specification: the package, each type's declaration and Javadoc, and each member with its
     * Javadoc, annotations and modifiers, bodies left out. Keyed by a readable name ("private " first for
     * private members).
     */
    static Map<String, String> specification(Path file) throws IOException {
        CompilationUnit cu = StaticJavaParser.parse(file);
        Map<String, String> out = new LinkedHashMap<>();
        out.put("package", cu.getPackageDeclaration().map(Node::toString).orElse("").trim());
        for (TypeDeclaration<?> type : cu.getTypes()) {
            collect(type, type.getNameAsString(), out);
        }
        return out;
    }

    private static void collect(TypeDeclaration<?> type, String path, Map<String, String> out) {
        TypeDeclaration<?> header = type.clone();
        header.getMembers().clear();
        out.put("type " + path, print(header));
        for (BodyDeclaration<?> member : type.getMembers()) {
            if (member instanceof TypeDeclaration<?> nested) {
                collect(nested, path + "." + nested.getNameAsString(), out);
                continue;
            }
            BodyDeclaration<?> copy = member.clone();
            String name;
            if (copy instanceof CallableDeclaration<?> c) {
                name = (copy instanceof ConstructorDeclaration ? "constructor " : "method ") + path + "." + c.getSignature();
                if (copy instanceof MethodDeclaration m && m.getBody().isPresent()) {
                    m.setBody(new BlockStmt());
                } else if (copy instanceof ConstructorDeclaration k) {
                    k.setBody(new BlockStmt());
                }
            } else {
                name = "member " + path + "." + copy.toString().replaceAll("(?s)/\\*\\*.*?\\*/", "").trim()
                        .replaceAll("\\s+", " ");
                name = name.length() > 120 ? name.substring(0, 120) : name;
            }
            boolean isPrivate = copy instanceof NodeWithModifiers<?> m && m.getModifiers().stream()
                    .anyMatch(x -> x.getKeyword() == com.github.javaparser.ast.Modifier.Keyword.PRIVATE);
            out.put((isPrivate ? "private " : "") + name, print(copy));
        }
    }

    private static String print(Node n) {
        return n.toString(new DefaultPrinterConfiguration()).trim();
    }

    @TestFactory
    Stream<DynamicTest> theParserSeesDifferencesInJavadocAndSignatures() {
        return Stream.of(DynamicTest.dynamicTest("a changed Javadoc or signature is a difference", () -> {
            Path dir = Files.createTempDirectory("spec");
            Path a = Files.writeString(dir.resolve("A.java"), "package p;\n/** Doc. */\nclass A {\n"
                    + "    /** Adds. @return the sum */\n    static int add(int x, int y) { throw new RuntimeException(); }\n}\n");
            Path b = Files.writeString(dir.resolve("B.java"), "package p;\n/** Doc. */\nclass A {\n"
                    + "    /** Adds. @return the sum */\n    static int add(int x, int y) { return x + y; }\n"
                    + "    private static int helper() { return 1; }\n}\n");
            Path c = Files.writeString(dir.resolve("C.java"), "package p;\n/** Doc. */\nclass A {\n"
                    + "    /** Adds two. @return the sum */\n    static int add(int x, int y) { return x + y; }\n}\n");
            Map<String, String> sa = specification(a);
            Map<String, String> sb = specification(b);
            sb.keySet().removeIf(k -> k.startsWith("private "));
            assertEquals(sa, sb, "bodies and private helpers do not count");
            assertTrue(!sa.equals(specification(c)), "a Javadoc does");
        }));
    }
}
