package org.tlnlp.multitask;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.tlnlp.engine.Engines;
import org.tlnlp.nn.HostArrays;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link GradientConflict} against PyTorch's autograd on the same two-task model. */
class GradientConflictTest {

    @Test
    void cosineOfArraysMatchesPyTorch() {
        try (NDManager m = Engines.newManager()) {
            for (JsonElement e : Golden.root().getAsJsonObject("cosine").getAsJsonArray("raw")) {
                JsonObject c = e.getAsJsonObject();
                List<ai.djl.ndarray.NDArray> a = new ArrayList<>();
                List<ai.djl.ndarray.NDArray> b = new ArrayList<>();
                c.getAsJsonArray("a").forEach(x -> a.add(Golden.tensor(m, x)));
                c.getAsJsonArray("b").forEach(x -> b.add(Golden.tensor(m, x)));
                assertEquals(c.get("cosine").getAsDouble(), GradientConflict.cosine(a, b), 1e-5);
            }
            var x = m.create(new float[] {1, 2});
            assertEquals(0, GradientConflict.cosine(List.of(x), List.of(x.zerosLike())), 0);
            assertThrows(IllegalArgumentException.class, () -> GradientConflict.cosine(List.of(x), List.of(m.ones(
                    new ai.djl.ndarray.types.Shape(3)))));
        }
    }

    /** The two-task model of the golden file, its weights set from it, and one probe batch per task. */
    static MultitaskModel<Features> goldenModel(NDManager m, List<TaskBatch<Features>> probes) {
        JsonObject g = Golden.root().getAsJsonObject("cosine").getAsJsonObject("model");
        List<Task> tasks = List.of(new Task("a", Task.Kind.SEQUENCE, List.of("0", "1")),
                new Task("b", Task.Kind.SEQUENCE, List.of("0", "1", "2", "3")));
        MultitaskModel<Features> model = MultitaskModel.hard(new FeatureEncoder(6, 5, 1, 0f), tasks, FixedWeights.equal(2));
        model.initialize(m);
        var names = model.namedParameters();
        names.get("encoder.layer.0.weight").parameter().getArray().set(Golden.values(g.getAsJsonObject("shared_w").get("values")));
        names.get("encoder.layer.0.bias").parameter().getArray().set(Golden.values(g.getAsJsonObject("shared_b").get("values")));
        for (int t = 0; t < 2; t++) {
            String head = "head." + tasks.get(t).name() + ".";
            names.get(head + "weight").parameter().getArray().set(Golden.values(
                    g.getAsJsonArray("head_w").get(t).getAsJsonObject().get("values")));
            names.get(head + "bias").parameter().getArray().set(Golden.values(
                    g.getAsJsonArray("head_b").get(t).getAsJsonObject().get("values")));
            float[][] rows = HostArrays.rows(Golden.tensor(m, g.getAsJsonArray("inputs").get(t)));
            FeatureData data = FeatureData.sequences(tasks.get(t), rows, Golden.ints(g.getAsJsonArray("labels").get(t)));
            probes.add(data.batch(m, t, IntStream.range(0, rows.length).toArray()));
        }
        return model;
    }

    @Test
    void cosinesInsideAModelMatchPyTorchAndLeaveNoGradientBehind() {
        try (NDManager m = Engines.newManager()) {
            List<TaskBatch<Features>> probes = new ArrayList<>();
            MultitaskModel<Features> model = goldenModel(m, probes);
            double expected = Golden.root().getAsJsonObject("cosine").getAsJsonObject("model").get("cosine").getAsDouble();
            double[][] cos = GradientConflict.cosines(model, probes, m, GradientConflict::cosine);
            assertEquals(expected, cos[0][1], 1e-5, "task gradients on the shared layer, against PyTorch");
            assertEquals(cos[0][1], cos[1][0], 0);
            assertEquals(1, cos[0][0], 0);
            model.namedParameters().forEach(e -> assertEquals(0, e.parameter().getArray().getGradient().abs().sum()
                    .getFloat(), 0, e.name() + ": the measurement must leave every gradient at zero"));
            // a second measurement sees the same (nothing accumulated from the first)
            assertEquals(cos[0][1], GradientConflict.cosines(model, probes, m, GradientConflict::cosine)[0][1], 1e-6);
        }
    }
}
