package org.tlnlp.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.nn.Dense;
import org.tlnlp.nn.LayerNormalization;
import org.tlnlp.nn.ParameterMap;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one loader and saver: names, layouts and the strict policy's errors. */
class CheckpointsTest {

    @TempDir
    Path dir;

    /** A stack of {@code layers} linear layers named {@code layer.i.*} and a final LayerNorm named {@code norm.*}. */
    static ParameterMap stack(NDManager m, int layers, int width, boolean transposedFirst) {
        ParameterMap map = new ParameterMap();
        for (int i = 0; i < layers; i++) {
            Dense d = new Dense(width, width, 0.5f);
            d.initialize(m);
            if (i == 0 && transposedFirst) {
                map.conv1d("layer." + i, d);
            } else {
                map.dense("layer." + i, d);
            }
        }
        LayerNormalization n = new LayerNormalization(width, 1e-5f);
        n.initialize(m);
        return map.norm("norm", n);
    }

    static void assertSameValues(ParameterMap a, ParameterMap b) {
        for (ParameterMap.Entry e : a) {
            assertArrayEquals(e.parameter().getArray().toFloatArray(), b.get(e.name()).parameter().getArray().toFloatArray(),
                    e.name());
        }
    }

    @Test
    void aModelRoundTripsUnderItsNamesAndLayouts() throws IOException {
        Path f = dir.resolve("model.safetensors");
        try (NDManager m = Engines.newManager()) {
            new Rng(1).seedEngine();
            ParameterMap a = stack(m, 2, 3, true);
            Checkpoints.save(a, f, Map.of("lesson", "test"));
            SafeTensors.Header h = SafeTensors.readHeader(f);
            assertEquals("test", h.metadata().get("lesson"));
            assertEquals(a.names(), h.tensors().keySet().stream().toList(), "the checkpoint's names, in order");
            assertEquals(new Shape(3, 3), h.tensors().get("layer.0.weight").shape());
            new Rng(2).seedEngine();
            ParameterMap b = stack(m, 2, 3, true);
            try (TensorSource s = SafeTensors.source(f)) {
                LoadReport r = Checkpoints.load(b, s, LoadPolicy.strict());
                assertTrue(r.complete());
                assertEquals(a.size(), r.loaded());
            }
            assertSameValues(a, b);
        }
    }

    @Test
    void aTransposedLayoutIsStoredInOutAndReadBack() throws IOException {
        Path f = dir.resolve("conv1d.safetensors");
        try (NDManager m = Engines.newManager()) {
            Dense d = new Dense(2, 3, 1f);
            d.initialize(m);
            ParameterMap map = new ParameterMap().conv1d("c", d);
            Checkpoints.save(map, f, Map.of());
            NDArray stored = SafeTensors.load(f, m).get("c.weight");
            assertEquals(new Shape(2, 3), stored.getShape(), "stored (in, out)");
            assertArrayEquals(d.weight.getArray().transpose().toFloatArray(), stored.toFloatArray());
        }
    }

    @Test
    void aWrongShapeNamesTheFileTheTensorAndBothShapesAndChangesNothing() throws IOException {
        Path f = dir.resolve("small.safetensors");
        try (NDManager m = Engines.newManager()) {
            Checkpoints.save(stack(m, 2, 3, false), f, Map.of());
            ParameterMap wider = stack(m, 2, 4, false);
            float[] before = wider.get("norm.weight").parameter().getArray().toFloatArray();
            try (TensorSource s = SafeTensors.source(f)) {
                CheckpointException e = assertThrows(CheckpointException.class,
                        () -> Checkpoints.load(wider, s, LoadPolicy.lenient()));
                assertTrue(e.getMessage().contains(f + ": tensor 'layer.0.weight' has shape (3, 3) but the model's "
                        + "'layer.0.weight' expects (4, 4)"), e.getMessage());
            }
            assertArrayEquals(before, wider.get("norm.weight").parameter().getArray().toFloatArray());
        }
    }

    @Test
    void aMissingTensorIsAnErrorUnderTheStrictPolicyAndReportedUnderTheLenientOne() throws IOException {
        Path f = dir.resolve("partial.safetensors");
        try (NDManager m = Engines.newManager()) {
            ParameterMap full = stack(m, 2, 3, false);
            Map<String, NDArray> partial = new LinkedHashMap<>();
            full.forEach(e -> {
                if (!e.name().equals("layer.1.bias")) {
                    partial.put(e.name(), e.parameter().getArray());
                }
            });
            SafeTensors.save(f, partial, Map.of());
            try (TensorSource s = SafeTensors.source(f)) {
                CheckpointException e = assertThrows(CheckpointException.class,
                        () -> Checkpoints.load(stack(m, 2, 3, false), s, LoadPolicy.strict()));
                assertTrue(e.getMessage().contains(f + ": the checkpoint does not match the model; the file lacks 1 of "
                        + "the model's tensors: [layer.1.bias (3)]"), e.getMessage());
                LoadReport r = Checkpoints.load(stack(m, 2, 3, false), s, LoadPolicy.lenient());
                assertEquals(java.util.List.of("layer.1.bias (3)"), r.missing());
                assertTrue(!r.complete());
                assertTrue(Checkpoints.load(stack(m, 2, 3, false), s, LoadPolicy.strict().optional("layer.1.b*"))
                        .missing().size() == 1, "an optional tensor may be missing under the strict policy");
            }
        }
    }

    @Test
    void anUnexpectedTensorIsAnErrorUnlessIgnored() throws IOException {
        Path f = dir.resolve("extra.safetensors");
        try (NDManager m = Engines.newManager()) {
            ParameterMap full = stack(m, 2, 3, false);
            Map<String, NDArray> more = new LinkedHashMap<>();
            full.forEach(e -> more.put(e.name(), e.parameter().getArray()));
            more.put("head.weight", m.ones(new Shape(2, 4)));
            SafeTensors.save(f, more, Map.of());
            try (TensorSource s = SafeTensors.source(f)) {
                CheckpointException e = assertThrows(CheckpointException.class,
                        () -> Checkpoints.load(stack(m, 2, 3, false), s, LoadPolicy.strict()));
                assertTrue(e.getMessage().contains("the model has no place for 1 of the file's tensors: [head.weight (2, 4)]"),
                        e.getMessage());
                LoadReport r = Checkpoints.load(stack(m, 2, 3, false), s, LoadPolicy.strict().ignoring("head.*"));
                assertEquals(java.util.List.of("head.weight (2, 4)"), r.ignored());
            }
        }
    }

    @Test
    void aConfigWithFewerLayersThanTheCheckpointIsAnErrorNotATruncation() throws IOException {
        Path f = dir.resolve("deep.safetensors");
        try (NDManager m = Engines.newManager()) {
            Checkpoints.save(stack(m, 4, 3, false), f, Map.of());
            // Every tensor of the 2-layer stack is in the file with its shape: only the extra layers tell.
            ParameterMap shallow = stack(m, 2, 3, false);
            try (TensorSource s = SafeTensors.source(f)) {
                CheckpointException e = assertThrows(CheckpointException.class,
                        () -> Checkpoints.load(shallow, s, LoadPolicy.strict()));
                assertTrue(e.getMessage().contains("the checkpoint has layer.0..3 but the model only layer.0..1: its config "
                        + "has fewer layers than the checkpoint"), e.getMessage());
            }
        }
    }

    @Test
    void copyingBetweenModelsGoesThroughTheNames() throws IOException {
        try (NDManager m = Engines.newManager()) {
            new Rng(5).seedEngine();
            ParameterMap a = stack(m, 2, 3, true);
            ParameterMap b = stack(m, 2, 3, true);
            Checkpoints.copy(a, b);
            assertSameValues(a, b);
        }
    }
}
