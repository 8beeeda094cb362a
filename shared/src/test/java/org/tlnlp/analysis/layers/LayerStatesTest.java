package org.tlnlp.analysis.layers;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.tlnlp.engine.Engines;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link LayerStates}: rows written batch by batch come back whole, by row, as a column view, and are deleted. */
class LayerStatesTest {

    @Test
    void rowsComeBackAsWritten() throws Exception {
        Path dir;
        try (NDManager m = Engines.newManager()) {
            LayerStates.Writer w = LayerStates.writer("toy", List.of("embeddings", "layer 1"));
            // Two batches of 2 and 1 rows; layer 0 is 3 wide, layer 1 is 2 wide; value = 100·layer + 10·row + column.
            for (int[] rows : new int[][] {{0, 1}, {2}}) {
                float[] a = new float[rows.length * 3];
                float[] b = new float[rows.length * 2];
                for (int i = 0; i < rows.length; i++) {
                    for (int j = 0; j < 3; j++) {
                        a[i * 3 + j] = 10 * rows[i] + j;
                    }
                    for (int j = 0; j < 2; j++) {
                        b[i * 2 + j] = 100 + 10 * rows[i] + j;
                    }
                }
                w.append(List.of(m.create(a, new Shape(rows.length, 3)), m.create(b, new Shape(rows.length, 2))));
            }
            try (LayerStates s = w.finish()) {
                dir = Files.list(Path.of(System.getProperty("java.io.tmpdir"))).filter(p -> p.getFileName().toString()
                        .startsWith("tlnlp-layers-")).filter(p -> Files.exists(p.resolve("layer-1.f32"))).findFirst().orElseThrow();
                assertEquals(3, s.rows());
                assertEquals(2, s.layers());
                assertEquals(3, s.dim(0));
                assertArrayEquals(new float[] {0, 1, 2, 10, 11, 12, 20, 21, 22}, s.layer(0, m).toFloatArray());
                assertEquals(new Shape(3, 2), s.layer(1, m).getShape());
                assertArrayEquals(new float[] {120, 121, 100, 101}, s.layer(1, new long[] {2, 0}, m).toFloatArray());
                LayerStates view = s.columns(1, 2);
                assertEquals(1, view.dim(0));
                assertArrayEquals(new float[] {11, 21}, view.layer(0, new long[] {1, 2}, m).toFloatArray());
                assertArrayEquals(new float[] {101, 111, 121}, view.layer(1, m).toFloatArray());
                view.close();
                assertTrue(Files.exists(dir), "closing a view deletes nothing");
                assertArrayEquals(new float[] {20, 21, 22}, s.hostRows(0, new long[] {2})[0]);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.layer(0, new long[] {3}, m));
                assertTrue(e.getMessage().contains("row 3"), e.getMessage());
            }
            assertFalse(Files.exists(dir), "closing the states deletes their files");

            LayerStates.Writer bad = LayerStates.writer("toy", List.of("a", "b"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> bad.append(List.of(m.zeros(new Shape(2, 3)), m.zeros(new Shape(1, 3)))));
            assertTrue(e.getMessage().contains("expected (2, d) rows"), e.getMessage());
            bad.close();
        }
    }
}
