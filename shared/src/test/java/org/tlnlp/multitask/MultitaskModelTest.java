package org.tlnlp.multitask;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.io.Checkpoints;
import org.tlnlp.nn.HostArrays;
import org.tlnlp.train.Recipe;
import org.tlnlp.train.TrainLoop;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link MultitaskModel}: its forward pass against PyTorch, its losses by hand, soft sharing's penalty, and training. */
class MultitaskModelTest {

    static final Task SEQ = new Task("seq", Task.Kind.SEQUENCE, List.of("no", "yes"));
    static final Task TAG = new Task("tag", Task.Kind.TOKEN, List.of("a", "b", "c"));

    @Test
    void forwardMatchesPyTorch() throws Exception {
        JsonObject g = Golden.root().getAsJsonObject("forward");
        try (NDManager m = Engines.newManager()) {
            List<Task> tasks = List.of(new Task("t0", Task.Kind.SEQUENCE, List.of("0", "1")),
                    new Task("t1", Task.Kind.SEQUENCE, List.of("0", "1", "2")),
                    new Task("t2", Task.Kind.SEQUENCE, IntStream.range(0, 12).mapToObj(String::valueOf).toList()));
            MultitaskModel<Features> model = MultitaskModel.hard(new FeatureEncoder(5, 4, 1, 0.5f), tasks, FixedWeights.equal(3));
            model.initialize(m);
            var names = model.namedParameters();
            assertEquals(List.of("encoder.layer.0.weight", "encoder.layer.0.bias", "head.t0.weight", "head.t0.bias",
                    "head.t1.weight", "head.t1.bias", "head.t2.weight", "head.t2.bias"), names.names());
            names.get("encoder.layer.0.weight").parameter().getArray().set(Golden.values(g.getAsJsonObject("shared_w").get("values")));
            names.get("encoder.layer.0.bias").parameter().getArray().set(Golden.values(g.getAsJsonObject("shared_b").get("values")));
            ParameterStore store = new ParameterStore(m, false);
            for (int t = 0; t < 3; t++) {
                names.get("head.t" + t + ".weight").parameter().getArray().set(Golden.values(
                        g.getAsJsonArray("head_w").get(t).getAsJsonObject().get("values")));
                names.get("head.t" + t + ".bias").parameter().getArray().set(Golden.values(
                        g.getAsJsonArray("head_b").get(t).getAsJsonObject().get("values")));
                float[][] rows = HostArrays.rows(Golden.tensor(m, g.getAsJsonArray("inputs").get(t)));
                FeatureData data = FeatureData.sequences(tasks.get(t), rows, new int[rows.length]);
                NDArray logits = model.logits(store, data.batch(m, t, IntStream.range(0, rows.length).toArray()), false);
                assertArrayEquals(Golden.values(g.getAsJsonArray("logits").get(t).getAsJsonObject().get("values")),
                        logits.toFloatArray(), 1e-5f, "task " + t + ": tanh(x Wsᵀ + bs) W_iᵀ + b_i");
            }
        }
    }

    /** Two sentences of word vectors (3 and 1 words, width 2), each word tagged. */
    static FeatureData tagged() {
        return new FeatureData(TAG, new float[][] {{1, 0, 0, 1, 1, 1}, {-1, 2}}, new int[][] {{0, 2, 1}, {1}}, 2);
    }

    @Test
    void tokenTasksScoreEveryLabelledWord() {
        try (NDManager m = Engines.newManager()) {
            MultitaskModel<Features> model = MultitaskModel.hard(new FeatureEncoder(2, 3, 1, 0f), List.of(SEQ, TAG),
                    new FixedWeights(0.5, 2));
            model.initialize(m);
            FeatureData data = tagged();
            TaskBatch<Features> b = data.batch(m, 1, new int[] {0, 1});
            assertEquals(new Shape(2, 3), b.labels().getShape(), "padded to the longer sentence");
            assertArrayEquals(new float[] {1, 1, 1, 1, 0, 0}, b.labelMask().toFloatArray());
            ParameterStore store = new ParameterStore(m, false);
            NDArray logits = model.logits(store, b, false);
            assertEquals(new Shape(2, 3, 3), logits.getShape());
            // the mean cross-entropy over the four labelled words, by hand on the host
            float[] z = logits.toFloatArray();
            int[][] gold = {{0, 2, 1}, {1}};
            double sum = 0;
            for (int s = 0; s < 2; s++) {
                for (int w = 0; w < gold[s].length; w++) {
                    int at = (s * 3 + w) * 3;
                    double lse = Math.log(Math.exp(z[at]) + Math.exp(z[at + 1]) + Math.exp(z[at + 2]));
                    sum += lse - z[at + gold[s][w]];
                }
            }
            assertEquals(sum / 4, model.taskLoss(store, b, false).getFloat(), 1e-5);
            assertEquals(2 * sum / 4, model.loss(store, MultitaskBatch.of(b), false).getFloat(), 1e-5, "weight 2");
            assertArrayEquals(new int[] {0, 2, 1, 1}, data.gold(), "gold: word after word, sentence after sentence");
            assertEquals(4, model.predict(m, data, 1, 1).length, "one prediction per labelled word");
        }
    }

    @Test
    void softSharingPenalisesTheDistanceToTheMeanEncoder() throws Exception {
        try (NDManager m = Engines.newManager()) {
            FeatureEncoder first = new FeatureEncoder(2, 3, 1, 0f);
            first.initialize(m);
            FeatureEncoder second = new FeatureEncoder(2, 3, 1, 0f);
            second.initialize(m);
            Checkpoints.copy(first.namedParameters(), second.namedParameters());
            MultitaskModel<Features> model = MultitaskModel.soft(List.of(first, second), List.of(SEQ, TAG),
                    FixedWeights.equal(2), 0.5f);
            model.initialize(m);
            assertTrue(model.namedParameters().names().contains("encoder.tag.layer.0.weight"));
            ParameterStore store = new ParameterStore(m, false);
            assertEquals(0, model.sharingPenalty(store).getFloat(), 1e-12, "identical copies: no penalty");
            // move one weight of the second encoder by 2: the mean moves by 1, each copy is 1 away: 1² + 1² = 2
            NDArray w = second.namedParameters().get("layer.0.weight").parameter().getArray();
            float[] v = w.toFloatArray();
            v[0] += 2;
            w.set(v);
            assertEquals(2, model.sharingPenalty(store).getFloat(), 1e-5);
            TaskBatch<Features> b = tagged().batch(m, 1, new int[] {0, 1});
            assertEquals(model.taskLoss(store, b, false).getFloat() + 0.5f * 2, model.loss(store, MultitaskBatch.of(b), false)
                    .getFloat(), 1e-5, "loss + λ · penalty");
            assertThrows(IllegalStateException.class, model::sharedParameters, "soft sharing shares no parameter");
        }
    }

    @Test
    void twoTasksLearnTogether() {
        // Task "seq": is x₀ + x₁ > 0; task "tag": which third of (−∞, −1), [−1, 1], (1, ∞) x₀ − x₁ falls in, per word.
        Random r = new Random(4);
        float[][] seqX = new float[300][];
        int[] seqY = new int[300];
        for (int i = 0; i < 300; i++) {
            seqX[i] = new float[] {(float) r.nextGaussian(), (float) r.nextGaussian()};
            seqY[i] = seqX[i][0] + seqX[i][1] > 0 ? 1 : 0;
        }
        float[][] tagX = new float[100][];
        int[][] tagY = new int[100][];
        for (int i = 0; i < 100; i++) {
            tagX[i] = new float[6];
            tagY[i] = new int[3];
            for (int w = 0; w < 3; w++) {
                float a = (float) r.nextGaussian() * 1.5f;
                float b = (float) r.nextGaussian() * 1.5f;
                tagX[i][2 * w] = a;
                tagX[i][2 * w + 1] = b;
                tagY[i][w] = a - b < -1 ? 0 : a - b > 1 ? 2 : 1;
            }
        }
        FeatureData seq = FeatureData.sequences(SEQ, seqX, seqY);
        FeatureData tag = new FeatureData(TAG, tagX, tagY, 2);
        try (NDManager m = Engines.newManager()) {
            new Rng(1).seedEngine();
            MultitaskModel<Features> model = MultitaskModel.hard(new FeatureEncoder(2, 16, 1, 0f), List.of(SEQ, TAG),
                    new UncertaintyWeighting(2));
            model.initialize(m);
            TrainLoop.builder().recipe(Recipe.fineTuning(0.02)).epochs(1).logEvery(50).label("two tasks").build()
                    .fit(model, TaskBatches.joint(List.of(seq, tag), 32, 300, 2));
            int[] p = model.predict(m, seq, 0, 64);
            int[] q = model.predict(m, tag, 1, 64);
            assertTrue(org.tlnlp.analysis.Metrics.accuracy(seq.gold(), p) > 0.95, "the sequence task is learned");
            assertTrue(org.tlnlp.analysis.Metrics.accuracy(tag.gold(), q) > 0.9, "the token task is learned");
            double[] sigma = ((UncertaintyWeighting) model.weighting()).sigmas();
            assertTrue(sigma[0] < 1 && sigma[1] < 1, "both losses fell below 1, so both σ shrank: "
                    + java.util.Arrays.toString(sigma));
            assertEquals(List.of(model.namedParameters().get("encoder.layer.0.weight").parameter(),
                    model.namedParameters().get("encoder.layer.0.bias").parameter()), model.sharedParameters());
            List<float[][]> f = new ArrayList<>();
            f.add(model.pooledFeatures(m, seq, 0, 64));
            assertEquals(300, f.get(0).length);
            assertEquals(16, f.get(0)[0].length);
        }
    }
}
