package org.tlnlp.lesson02;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.tlnlp.engine.Engines;
import org.tlnlp.grading.Graded;
import org.tlnlp.lesson02.exercises.GradientCosine;
import org.tlnlp.multitask.FeatureData;
import org.tlnlp.multitask.FeatureEncoder;
import org.tlnlp.multitask.FixedWeights;
import org.tlnlp.multitask.GradientConflict;
import org.tlnlp.multitask.MultitaskModel;
import org.tlnlp.multitask.Task;
import org.tlnlp.multitask.TaskBatch;
import org.tlnlp.nn.HostArrays;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Graded tests of exercise 2.7: by hand, against PyTorch, and inside a two-task model. */
class GradientCosineTest {

    @Test
    @Graded(exercise = "2.7", kind = Graded.Kind.FUNCTION, title = "cosine of two gradients",
            hint = "Three running sums over the parameters: Σ⟨a_p, b_p⟩, Σ‖a_p‖², Σ‖b_p‖² (mul/square then sum, as NDArrays); read back three numbers; return 0 when a norm is 0; check sizes and shapes first.")
    void cosine() {
        try (NDManager m = Engines.newManager()) {
            NDArray x = m.create(new float[] {1, 2, 3});
            NDArray y = m.create(new float[] {-1, 0.5f}, new Shape(2, 1));
            assertEquals(1, GradientCosine.cosine(List.of(x, y), List.of(x.mul(4), y.mul(4))), 1e-6, "same direction");
            assertEquals(-1, GradientCosine.cosine(List.of(x, y), List.of(x.neg(), y.neg())), 1e-6, "opposite");
            // Orthogonal only as one long vector: (1, 0 | 1) against (1, 0 | −1).
            assertEquals(0, GradientCosine.cosine(List.of(m.create(new float[] {1, 0}), m.create(new float[] {1})),
                    List.of(m.create(new float[] {1, 0}), m.create(new float[] {-1}))), 1e-6,
                    "the parameters are one vector: their dot products add up before dividing");
            assertEquals(0, GradientCosine.cosine(List.of(x), List.of(x.zerosLike())), 0, "a zero gradient has no direction");
            for (JsonElement e : Golden.section("cosine").getAsJsonArray("raw")) {
                JsonObject c = e.getAsJsonObject();
                assertEquals(c.get("cosine").getAsDouble(), GradientCosine.cosine(Golden.arrays(m, c.get("a")),
                        Golden.arrays(m, c.get("b"))), 1e-5, "against PyTorch on " + c.getAsJsonArray("a").size() + " arrays");
            }
            assertThrows(IllegalArgumentException.class, () -> GradientCosine.cosine(List.of(x), List.of(x, y)), "2 vs 1");
            assertThrows(IllegalArgumentException.class, () -> GradientCosine.cosine(List.of(), List.of()), "empty");
            assertThrows(IllegalArgumentException.class, () -> GradientCosine.cosine(List.of(x), List.of(y)), "shapes");
        }
    }

    @Test
    @Graded(exercise = "2.7", kind = Graded.Kind.ALGORITHM, title = "gradient conflict inside a two-task model",
            hint = "The measurement hands you one array per shared parameter (the shared layer's weight and bias): compare them as one long vector.")
    void conflictInAModel() {
        JsonObject g = Golden.section("cosine").getAsJsonObject("model");
        try (NDManager m = Engines.newManager()) {
            List<Task> tasks = List.of(new Task("a", Task.Kind.SEQUENCE, List.of("0", "1")),
                    new Task("b", Task.Kind.SEQUENCE, List.of("0", "1", "2", "3")));
            MultitaskModel<org.tlnlp.multitask.Features> model = MultitaskModel.hard(new FeatureEncoder(6, 5, 1, 0f), tasks,
                    FixedWeights.equal(2));
            model.initialize(m);
            var names = model.namedParameters();
            names.get("encoder.layer.0.weight").parameter().getArray().set(Golden.floats(
                    g.getAsJsonObject("shared_w").get("values")));
            names.get("encoder.layer.0.bias").parameter().getArray().set(Golden.floats(g.getAsJsonObject("shared_b").get("values")));
            List<TaskBatch<org.tlnlp.multitask.Features>> probes = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                String head = "head." + tasks.get(t).name() + ".";
                names.get(head + "weight").parameter().getArray().set(Golden.floats(
                        g.getAsJsonArray("head_w").get(t).getAsJsonObject().get("values")));
                names.get(head + "bias").parameter().getArray().set(Golden.floats(
                        g.getAsJsonArray("head_b").get(t).getAsJsonObject().get("values")));
                float[][] rows = HostArrays.rows(Golden.array(m, g.getAsJsonArray("inputs").get(t)));
                FeatureData data = FeatureData.sequences(tasks.get(t), rows, Golden.ints(g.getAsJsonArray("labels").get(t)));
                probes.add(data.batch(m, t, IntStream.range(0, rows.length).toArray()));
            }
            double[][] cos = GradientConflict.cosines(model, probes, m, GradientCosine::cosine);
            assertEquals(g.get("cosine").getAsDouble(), cos[0][1], 1e-5,
                    "cosine of the two tasks' loss gradients on the shared layer (Ws and bs), against PyTorch's autograd");
        }
    }
}
