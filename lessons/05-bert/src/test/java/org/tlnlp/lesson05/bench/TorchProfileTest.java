package org.tlnlp.lesson05.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How the benchmark reads libtorch's Chrome trace: top-level operations only, products named by their shapes. */
class TorchProfileTest {

    @Test
    void calleesCountAsTheirCallersAndProductsCarryTheirShapesAndFlops(@TempDir Path dir) throws Exception {
        // Two passes, each: a linear (an addmm and a transpose inside it), then an add; one event of another thread.
        Path trace = dir.resolve("trace.json");
        Files.writeString(trace, """
                [
                {"name": "aten::matmul", "ph": "X", "ts": 0, "dur": 100, "tid": 1, "shape": [[1, 16, 384], [384, 1536]]},
                {"name": "aten::mm", "ph": "X", "ts": 10, "dur": 80, "tid": 1, "shape": [[16, 384], [384, 1536]]},
                {"name": "aten::t", "ph": "X", "ts": 2, "dur": 5, "tid": 1, "shape": [[1536, 384]]},
                {"name": "aten::add", "ph": "X", "ts": 120, "dur": 10, "tid": 1, "shape": [[1, 16, 1536], []]},
                {"name": "aten::matmul", "ph": "X", "ts": 200, "dur": 300, "tid": 1, "shape": [[1, 16, 384], [384, 1536]]},
                {"name": "aten::mm", "ph": "X", "ts": 210, "dur": 280, "tid": 1, "shape": [[16, 384], [384, 1536]]},
                {"name": "aten::add", "ph": "X", "ts": 520, "dur": 30, "tid": 1, "shape": [[1, 16, 1536], []]},
                {"name": "aten::add", "ph": "X", "ts": 50, "dur": 7, "tid": 2, "shape": [[4], []]},
                {"name": "a counter", "ph": "C", "ts": 0, "tid": 1}
                ]
                """);
        OpProfile p = TorchProfile.read(trace, 0.001, 2);

        assertEquals(2, p.ops().size(), "the matmul by its shapes, and the add: " + p.ops());
        OpProfile.Op product = p.ops().get(0);
        assertEquals("aten::matmul (1×16×384 → 1×16×1536)", product.name());
        assertEquals(1, product.calls(), 1e-12);
        assertEquals(200e-6, product.seconds(), 1e-12, "(100 + 300) µs over 2 passes; the callees not added");
        assertEquals(2.0 * 16 * 1536 * 384, product.flops(), 1e-6);
        OpProfile.Op add = p.ops().get(1);
        assertEquals("aten::add", add.name());
        assertEquals(1.5, add.calls(), 1e-12, "two adds on thread 1 and one on thread 2, over 2 passes");
        assertEquals((10 + 30 + 7) / 2.0 * 1e-6, add.seconds(), 1e-12);
        assertEquals((400 + 47) / 2.0 * 1e-6, p.inside(), 1e-12);
        assertEquals(2.5, p.calls(), 1e-12);
    }

    @Test
    void addmmIsReadWithItsBiasFirst(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("trace.json");
        Files.writeString(trace, """
                [{"name": "aten::addmm", "ph": "X", "ts": 0, "dur": 50, "tid": 1, "shape": [[1536], [16, 384], [384, 1536]]}]
                """);
        OpProfile.Op op = TorchProfile.read(trace, 1e-4, 1).ops().get(0);
        assertEquals("aten::addmm (16×384 → 16×1536)", op.name());
        assertEquals(2.0 * 16 * 384 * 1536, op.flops(), 1e-6);
    }

    @Test
    void aTransposedSecondOperandIsRecognisedByItsSharedDimension() {
        long[] scores = OpProfile.productShape(new long[] {1, 12, 16, 32}, new long[] {1, 12, 16, 32});
        assertEquals("q·kᵀ (1×12×16×32 → 1×12×16×16)", OpProfile.productName("q·kᵀ", new long[] {1, 12, 16, 32}, scores));
        assertEquals(2.0 * 12 * 16 * 16 * 32, OpProfile.productFlops(new long[] {1, 12, 16, 32}, scores), 1e-6);
    }
}
