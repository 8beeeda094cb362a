package org.tlnlp.lesson02;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.tlnlp.engine.Engines;
import org.tlnlp.grading.Graded;
import org.tlnlp.lesson02.exercises.SharedHeads;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Graded tests of exercises 2.1 and 2.2, against PyTorch ({@code testdata/multitask/golden.json}). */
class SharedHeadsTest {

    @Test
    @Graded(exercise = "2.1", kind = Graded.Kind.FUNCTION, title = "multi-head forward pass",
            hint = "One shared layer for all tasks: h = tanh(x · Wsᵀ + bs); then task i's own head: h · W_iᵀ + b_i. Weights are (out, in): transpose them; a bias broadcasts over the rows.")
    void forward() {
        try (NDManager m = Engines.newManager()) {
            // By hand: Ws = 0 gives h = tanh(0) = 0, so each task's scores are its bias, row after row.
            NDList zero = SharedHeads.forward(List.of(m.ones(new Shape(2, 3)), m.ones(new Shape(1, 3))),
                    m.zeros(new Shape(4, 3)), m.zeros(new Shape(4)),
                    List.of(m.ones(new Shape(2, 4)), m.ones(new Shape(3, 4))),
                    List.of(m.create(new float[] {1, -1}), m.create(new float[] {0, 2, 5})));
            assertEquals(2, zero.size(), "one array of scores per task");
            assertEquals(new Shape(2, 2), zero.get(0).getShape(), "task 0: (B_0, C_0)");
            assertArrayEquals(new float[] {1, -1, 1, -1}, zero.get(0).toFloatArray(), 1e-6f,
                    "with Ws = 0 the shared layer outputs tanh(0) = 0 and the scores are the head's bias");
            assertArrayEquals(new float[] {0, 2, 5}, zero.get(1).toFloatArray(), 1e-6f);

            JsonObject g = Golden.section("forward");
            NDList out = SharedHeads.forward(Golden.arrays(m, g.get("inputs")), Golden.array(m, g.get("shared_w")),
                    Golden.array(m, g.get("shared_b")), Golden.arrays(m, g.get("head_w")), Golden.arrays(m, g.get("head_b")));
            List<NDArray> expected = Golden.arrays(m, g.get("logits"));
            assertEquals(expected.size(), out.size(), "one array of scores per task");
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i).getShape(), out.get(i).getShape(), "task " + i + "'s scores");
                assertArrayEquals(expected.get(i).toFloatArray(), out.get(i).toFloatArray(), 1e-5f,
                        "task " + i + "'s scores, against PyTorch's tanh(x Wsᵀ + bs) W_iᵀ + b_i");
            }
        }
    }

    @Test
    @Graded(exercise = "2.2", kind = Graded.Kind.FUNCTION, title = "weighted sum of the tasks' cross-entropies",
            hint = "Per task: log-softmax over the classes (axis 1), the true class's value per row (one-hot or pick), minus its mean over the batch; then Σ w_i · CE_i. Labels may be int32 or int64.")
    void summedLoss() {
        try (NDManager m = Engines.newManager()) {
            // By hand: equal scores over C classes cost ln C whatever the label: 1 · ln 2 + 3 · ln 4.
            NDArray two = m.zeros(new Shape(2, 2));
            NDArray four = m.zeros(new Shape(3, 4));
            NDArray hand = SharedHeads.summedLoss(new NDList(two, four),
                    List.of(m.create(new int[] {0, 1}), m.create(new long[] {3, 0, 2})), new float[] {1, 3});
            assertEquals(Math.log(2) + 3 * Math.log(4), hand.getFloat(), 1e-5, "uniform scores: Σ w_i ln C_i");

            JsonObject g = Golden.section("summed_loss");
            List<NDArray> logits = Golden.arrays(m, g.get("logits"));
            List<NDArray> labels = new ArrayList<>();
            g.getAsJsonArray("labels").forEach(y -> labels.add(m.create(Golden.ints(y))));
            for (NDArray l : logits) {
                l.setRequiresGradient(true);
            }
            NDArray loss;
            try (GradientCollector c = Engines.engine().newGradientCollector()) {
                loss = SharedHeads.summedLoss(new NDList(logits), labels, Golden.floats(g.get("weights")));
                c.backward(loss);
            }
            assertEquals(g.get("loss").getAsDouble(), loss.getFloat(), 1e-5, "Σ w_i CE_i, against PyTorch's cross_entropy");
            List<NDArray> grads = Golden.arrays(m, g.get("grad_logits"));
            for (int i = 0; i < grads.size(); i++) {
                assertArrayEquals(grads.get(i).toFloatArray(), logits.get(i).getGradient().toFloatArray(), 1e-5f,
                        "∂loss/∂logits of task " + i + " (w_i (softmax − one-hot) / B_i): the loss must stay differentiable");
            }
        }
    }
}
