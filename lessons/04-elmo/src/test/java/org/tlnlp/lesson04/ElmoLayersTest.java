package org.tlnlp.lesson04;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.tlnlp.engine.Engines;
import org.tlnlp.grading.Graded;
import org.tlnlp.io.SafeTensors;
import org.tlnlp.lab.LabReport;
import org.tlnlp.lesson04.exercises.ElmoLayers;
import org.tlnlp.models.elmo.Elmo;
import org.tlnlp.nn.Highway;
import org.tlnlp.nn.LstmProjection;
import org.tlnlp.text.ElmoCharacters;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Graded tests of exercises 4.2 to 4.4. The reference: a small ELMo in the published options.json +
 * weights.hdf5 layout and its layers as PyTorch computed them ({@code testdata/elmo-tiny}, written by
 * {@code tools/reference/elmo_torch.py}).
 */
class ElmoLayersTest {

    static final Path FIXTURE = LabReport.repositoryRoot().resolve("testdata/elmo-tiny");
    static final NDManager MANAGER = Engines.newManager();

    @Test
    @Graded(exercise = "4.2", kind = Graded.Kind.ALGORITHM, title = "a highway layer",
            hint = "The gate is σ(x·W_carry + b_carry) and multiplies the transformed branch relu(x·W_transform + b_transform); (1 − gate) multiplies x itself. Weights are (in, out).")
    void highway() throws Exception {
        try (NDManager m = MANAGER.newSubManager()) {
            // g = σ(0) = 0.5; transform relu(2·1 − 1) = 1 → 0.5·1 + 0.5·2 = 1.5; for −3: relu(−4) = 0 → −1.5.
            NDArray x = m.create(new float[] {2, -3}, new Shape(2, 1));
            NDArray out = ElmoLayers.highway(x, m.zeros(new Shape(1, 1)), m.zeros(new Shape(1)), m.ones(new Shape(1, 1)),
                    m.create(new float[] {-1}));
            assertArrayEquals(new float[] {1.5f, -1.5f}, out.toFloatArray(), 1e-6f, "one-dimensional highway");
            // Against the library's highway layer (which the library's tests check against PyTorch), random weights.
            Highway h = new Highway(20);
            h.initialize(m);
            m.getEngine().setRandomSeed(42);
            NDArray in = m.randomNormal(new Shape(6, 20));
            NDArray yours = ElmoLayers.highway(in, h.wCarry.getArray(), h.bCarry.getArray(), h.wTransform.getArray(),
                    h.bTransform.getArray());
            NDArray reference = h.forward(new ParameterStore(m, false), in, false);
            assertTrue(reference.sub(yours).abs().max().getFloat() < 1e-5, "20-dimensional highway differs");
        }
    }

    @Test
    @Graded(exercise = "4.3", kind = Graded.Kind.COMPONENT, title = "an LSTM step with projection and clipping (vs PyTorch)",
            hint = "Gate order i, j, f, o from one matrix product of [x, h]; the forget gate gets +1 before the sigmoid; clip c before computing h, and clip the projected h; a clip of 0 means none.")
    void lstmStep() throws Exception {
        try (NDManager m = MANAGER.newSubManager()) {
            // One cell, one projection, W = 0, B = 0: i = o = 0.5, j = 0, f = σ(1) = 0.7311.
            NDArray w = m.zeros(new Shape(2, 4));
            NDArray b = m.zeros(new Shape(4));
            NDArray wp = m.create(new float[] {2}, new Shape(1, 1));
            NDArray x = m.ones(new Shape(1, 1));
            NDArray h = m.zeros(new Shape(1, 1));
            NDList out = ElmoLayers.lstmStep(x, h, m.create(new float[] {0.5f}, new Shape(1, 1)), w, b, wp, 3f, 0.3f);
            double f = 1 / (1 + Math.exp(-1));
            assertEquals(f * 0.5, out.get(1).getFloat(0, 0), 1e-5, "c' = σ(f + 1)·c");
            assertEquals(0.3f, out.get(0).getFloat(0, 0), 1e-6, "h' = 0.5·tanh(c')·2 = 0.35, clipped to 0.3");
            out = ElmoLayers.lstmStep(x, h, m.create(new float[] {5f}, new Shape(1, 1)), w, b, wp, 3f, 0f);
            assertEquals(3f, out.get(1).getFloat(0, 0), 1e-6, "c' = 0.731·5 = 3.66, clipped to 3");
            assertEquals(Math.tanh(3), out.get(0).getFloat(0, 0), 1e-5, "h' = 0.5·tanh(3)·2, no projection clip");

            // Along the lecture's first sentence with the fixture's forward layer 0, against PyTorch's layer 1.
            Elmo elmo = Elmo.load(FIXTURE.resolve("options.json"), FIXTURE.resolve("weights.hdf5"), 1, 0f, m);
            Map<String, NDArray> expected = SafeTensors.load(FIXTURE.resolve("expected.safetensors"), m);
            List<List<String>> sentence = List.of(List.of("First", "sentence", ".", "custom", "service"));
            int[] chars = ElmoCharacters.withSentenceBoundaries(ElmoCharacters.batchToIds(sentence), new int[] {5}, 5);
            NDArray tokens = elmo.encoder().forward(new ParameterStore(m, false),
                    m.create(chars, new Shape(1, 7, 50)), false);
            LstmProjection layer = elmo.lstm().layer(true, 0);
            float clipC = elmo.options().cellClip();
            float clipP = elmo.options().projClip();
            NDArray hh = m.zeros(new Shape(1, 8));
            NDArray cc = m.zeros(new Shape(1, 16));
            for (int k = 0; k < 7; k++) {
                NDList step = ElmoLayers.lstmStep(tokens.get(":, " + k + ", :"), hh, cc, layer.w.getArray(),
                        layer.b.getArray(), layer.wP.getArray(), clipC, clipP);
                hh = step.get(0);
                cc = step.get(1);
                if (k >= 1 && k <= 5) { // positions of the five words (0 is <S>)
                    NDArray reference = expected.get("layer_1").get("0, " + (k - 1) + ", 0:8");
                    double diff = reference.sub(hh.reshape(8)).abs().max().getFloat();
                    int word = k;
                    assertTrue(diff < 1e-4, () -> "forward LSTM output at word " + word + " differs from PyTorch's by " + diff);
                }
            }
        }
    }

    @Test
    @Graded(exercise = "4.4", kind = Graded.Kind.FUNCTION, title = "the scalar mix",
            hint = "Normalise w with a softmax over the layers first (not w itself), then γ · Σ s_j h_j.")
    void scalarMix() {
        try (NDManager m = MANAGER.newSubManager()) {
            List<NDArray> layers = List.of(m.ones(new Shape(2, 3, 4)), m.ones(new Shape(2, 3, 4)).mul(2),
                    m.ones(new Shape(2, 3, 4)).mul(4));
            // softmax(0, ln 2, 0) = (1/4, 1/2, 1/4): 1/4 + 1 + 1 = 2.25, times gamma 2 = 4.5.
            NDArray out = ElmoLayers.scalarMix(layers, m.create(new float[] {0, (float) Math.log(2), 0}),
                    m.create(new float[] {2}));
            assertEquals(new Shape(2, 3, 4), out.getShape());
            assertEquals(4.5f, out.getFloat(1, 2, 3), 1e-5, "γ Σ softmax(w)_j h_j");
            NDArray uniform = ElmoLayers.scalarMix(layers, m.zeros(new Shape(3)), m.ones(new Shape(1)));
            assertEquals(7 / 3f, uniform.getFloat(0, 0, 0), 1e-5, "w = 0 weighs the layers equally");
        }
    }
}
