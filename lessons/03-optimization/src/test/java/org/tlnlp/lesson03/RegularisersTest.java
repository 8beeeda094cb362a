package org.tlnlp.lesson03;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.tlnlp.data.SentimentSentences;
import org.tlnlp.data.Split;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.grading.Graded;
import org.tlnlp.io.JsonArrays;
import org.tlnlp.lesson03.exercises.Regularisers;
import org.tlnlp.models.bert.Bert;
import org.tlnlp.models.bert.BertClassifier;
import org.tlnlp.models.bert.BertConfig;
import org.tlnlp.models.bert.ClassificationBatches;
import org.tlnlp.models.bert.MiniLM;
import org.tlnlp.nn.ParameterMap;
import org.tlnlp.text.BertTokenizer;
import org.tlnlp.train.BatchSource;
import org.tlnlp.train.Fisher;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Graded tests of exercises 3.4 (L2-SP) and 3.5 (the diagonal Fisher of EWC), against PyTorch's autograd
 * ({@code testdata/optimization/l2sp.json}, {@code fisher.json}), a finite difference, and, inside a small BERT, the
 * library's Fisher (which its own tests check against PyTorch).
 */
class RegularisersTest {

    /** One L2-SP case as arrays. */
    private record L2Case(String name, NDArray[] weights, NDArray[] pretrained, NDArray[] head, double alpha, double beta,
                          JsonObject json) {
    }

    private static List<L2Case> l2Cases(NDManager m) {
        List<L2Case> out = new ArrayList<>();
        for (JsonObject c : Golden.cases("l2sp.json")) {
            out.add(new L2Case(c.get("name").getAsString(), arrays(m, c.getAsJsonArray("weights")),
                    arrays(m, c.getAsJsonArray("pretrained")), arrays(m, c.getAsJsonArray("head")),
                    c.get("alpha").getAsDouble(), c.get("beta").getAsDouble(), c));
        }
        return out;
    }

    @Test
    @Graded(exercise = "3.4", kind = Graded.Kind.FUNCTION, title = "the L2-SP penalty",
            hint = "α/2 · Σ‖w − w⁰‖² over the pre-trained parameters plus β/2 · Σ‖h‖² over the head's: towards the "
                    + "starting point, not towards zero, and the head (which has no w⁰) towards zero with β.")
    void penalty() {
        try (NDManager m = Engines.newManager()) {
            for (L2Case c : l2Cases(m)) {
                double expected = c.json().get("penalty").getAsDouble();
                double got = Regularisers.l2spPenalty(c.weights(), c.pretrained(), c.head(), c.alpha(), c.beta());
                double zero = c.json().get("penalty_towards_zero").getAsDouble();
                if (Math.abs(got - zero) < 1e-5 * Math.abs(zero) && Math.abs(expected - zero) > 1e-3 * Math.abs(zero)) {
                    fail(c.name() + ": got " + got + ", the penalty towards zero (plain weight decay); L2-SP pulls the "
                            + "pre-trained parameters towards w⁰ and gives " + expected);
                }
                assertEquals(expected, got, 1e-5 * Math.abs(expected) + 1e-9, c.name());
            }
        }
    }

    @Test
    @Graded(exercise = "3.4", kind = Graded.Kind.FUNCTION, title = "the L2-SP gradient, without autograd",
            hint = "∂/∂w of α/2 · ‖w − w⁰‖² is α (w − w⁰); ∂/∂h of β/2 · ‖h‖² is β h. One array per input: weights "
                    + "first, then the head, each of its input's shape; leave the inputs unchanged.")
    void gradient() {
        try (NDManager m = Engines.newManager()) {
            for (L2Case c : l2Cases(m)) {
                float[][] before = values(c.weights());
                NDArray[] got = Regularisers.l2spGradient(c.weights(), c.pretrained(), c.head(), c.alpha(), c.beta());
                assertNotNull(got, c.name() + ": returned null");
                assertEquals(c.weights().length + c.head().length, got.length,
                        c.name() + ": one gradient per weight, then one per head parameter");
                NDArray[] expected = concat(arrays(m, c.json().getAsJsonArray("weight_gradients")),
                        arrays(m, c.json().getAsJsonArray("head_gradients")));
                for (int i = 0; i < got.length; i++) {
                    assertEquals(expected[i].getShape(), got[i].getShape(), c.name() + ": gradient " + i + "'s shape");
                    float[] e = expected[i].toFloatArray();
                    assertArrayEquals(e, got[i].toFloatArray(), 1e-5f * (1 + max(e)), c.name() + ": gradient " + i
                            + (i < c.weights().length ? " (a pre-trained weight)" : " (the head)") + " against autograd");
                }
                assertArrayEquals(flat(before), flat(values(c.weights())), 0f, c.name() + ": the weights were changed");
                // A central difference of Ω itself, written here in double precision, at a few coordinates.
                Random r = new Random(7);
                float[][] w = values(c.weights());
                float[][] w0 = values(c.pretrained());
                float[][] h = values(c.head());
                for (int trial = 0; trial < 5; trial++) {
                    int i = r.nextInt(w.length);
                    int j = r.nextInt(w[i].length);
                    double eps = 1e-3;
                    double numeric = (omega(w, w0, h, c, i, j, eps) - omega(w, w0, h, c, i, j, -eps)) / (2 * eps);
                    assertEquals(numeric, got[i].toFloatArray()[j], 1e-4 * (1 + Math.abs(numeric)),
                            String.format(Locale.ROOT, "%s: ∂Ω/∂w[%d][%d] against a central difference", c.name(), i, j));
                }
            }
        }
    }

    /** Ω with w[i][j] moved by {@code delta}, in double precision. */
    private static double omega(float[][] w, float[][] w0, float[][] h, L2Case c, int i, int j, double delta) {
        double s = 0;
        for (int a = 0; a < w.length; a++) {
            for (int b = 0; b < w[a].length; b++) {
                double d = w[a][b] + (a == i && b == j ? delta : 0) - w0[a][b];
                s += c.alpha() / 2 * d * d;
            }
        }
        for (float[] row : h) {
            for (float v : row) {
                s += c.beta() / 2 * v * v;
            }
        }
        return s;
    }

    @Test
    @Graded(exercise = "3.5", kind = Graded.Kind.ALGORITHM, title = "the Fisher diagonal from per-example gradients",
            hint = "One backward pass per example: run exampleLoss.apply(n) inside a new GradientCollector, square each "
                    + "parameter's gradient into a sum, set the gradient back to zero (g.subi(g)), and divide by N at the end.")
    void fisherMatchesPyTorch() {
        for (JsonObject c : Golden.cases("fisher.json")) {
            try (NDManager m = Engines.newManager()) {
                JsonObject p = c.getAsJsonObject("parameters");
                String[] names = {"w1", "b1", "w2", "b2"};
                NDArray[] params = new NDArray[names.length];
                for (int i = 0; i < names.length; i++) {
                    params[i] = JsonArrays.array(m, p.get(names[i]));
                    params[i].setRequiresGradient(true);
                }
                NDArray x = JsonArrays.array(m, c.get("x"));
                int[] y = JsonArrays.ints(c.get("labels"));
                double[] losses = JsonArrays.doubles(c.get("example_losses"));
                int n = y.length;
                NDArray[] got = Regularisers.diagonalFisher(params, n, i -> mlpLoss(x, y, params, i));
                String name = c.get("name").getAsString();
                assertNotNull(got, name + ": returned null");
                assertEquals(names.length, got.length, name + ": one array per parameter");
                // The test's network is PyTorch's: its per-example losses agree.
                assertEquals(losses[0], mlpLoss(x, y, params, 0).getFloat(), 1e-5, name + ": the test's own network");
                for (int i = 0; i < names.length; i++) {
                    float[] expected = JsonArrays.flatFloats(c.getAsJsonObject("fisher").get(names[i]));
                    float[] value = got[i].toFloatArray();
                    if (close(JsonArrays.flatFloats(c.getAsJsonObject("squared_mean_gradient").get(names[i])), value)) {
                        fail(name + ", " + names[i] + ": this is the square of the gradient of the mean loss; the Fisher "
                                + "diagonal is the mean of the squares of each example's own gradient");
                    }
                    if (close(JsonArrays.flatFloats(c.getAsJsonObject("never_cleared").get(names[i])), value)) {
                        fail(name + ", " + names[i] + ": the gradients were never set back to zero, so each \"example\" "
                                + "gradient was the running sum of all before it");
                    }
                    assertArrayEquals(expected, value, 1e-5f * (1 + max(expected)), name + ", " + names[i]
                            + " against PyTorch's per-example gradients");
                }
            }
        }
    }

    /** −log softmax(W2 tanh(W1 x + b1) + b2)[y] of example i. */
    private static NDArray mlpLoss(NDArray x, int[] y, NDArray[] p, int i) {
        NDArray row = x.get(i).reshape(1, -1);
        NDArray logits = row.matMul(p[0].transpose()).add(p[1]).tanh().matMul(p[2].transpose()).add(p[3]);
        return logits.logSoftmax(1).get(0, y[i]).neg();
    }

    @Test
    @Graded(exercise = "3.5", kind = Graded.Kind.COMPONENT, title = "the Fisher diagonal inside a small BERT",
            hint = "Pass over the examples one at a time, each in its own GradientCollector; read getGradient() of every "
                    + "parameter after each backward pass and clear it before the next example.")
    void fisherInsideBert() {
        BertTokenizer tokenizer = MiniLM.tokenizer();
        List<SentimentSentences.Sentence> sentences = SentimentSentences.load().examples(Split.TRAIN).subList(0, 6);
        ClassificationBatches data = new ClassificationBatches(sentences.stream()
                .map(s -> tokenizer.encode(s.text(), null, 24)).toList(),
                sentences.stream().mapToInt(SentimentSentences.Sentence::label).toArray(), 1, 0, new Rng(1));
        try (NDManager m = Engines.newManager()) {
            new Rng(3).seedEngine();
            BertClassifier model = new BertClassifier(Bert.create(new BertConfig(tokenizer.vocabulary().size(), 16, 2, 2,
                    32, 32, 2, 1e-12f, 0.1f), m), 2, BertClassifier.Pooling.MEAN);
            model.initialize(m);
            List<ParameterMap.Entry> trainable = new ArrayList<>();
            model.namedParameters().forEach(e -> {
                if (e.parameter().requiresGradient()) {
                    trainable.add(e);
                }
            });
            int n = data.size();
            List<float[]> reference = new ArrayList<>();
            try (Fisher f = Fisher.diagonal(model, BatchSource.of(n, (s, i) -> data.batch(s, new int[] {i})), x -> true)) {
                trainable.forEach(e -> reference.add(f.get(e.name()).toFloatArray()));
            }
            ParameterStore store = new ParameterStore(m, false);
            NDArray[] params = trainable.stream().map(e -> e.parameter().getArray()).toArray(NDArray[]::new);
            NDArray[] got = Regularisers.diagonalFisher(params, n, i -> model.loss(store, data.batch(m, new int[] {i}), false));
            assertNotNull(got, "returned null");
            assertEquals(params.length, got.length, "one array per parameter");
            for (int i = 0; i < params.length; i++) {
                float[] expected = reference.get(i);
                assertArrayEquals(expected, got[i].toFloatArray(), 1e-4f * max(expected) + 1e-12f,
                        trainable.get(i).name() + ": against the library's Fisher on " + n + " sentiment sentences");
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static NDArray[] arrays(NDManager m, JsonArray a) {
        NDArray[] out = new NDArray[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = JsonArrays.array(m, a.get(i));
        }
        return out;
    }

    private static NDArray[] concat(NDArray[] a, NDArray[] b) {
        NDArray[] out = new NDArray[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static float[][] values(NDArray[] a) {
        float[][] out = new float[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].toFloatArray();
        }
        return out;
    }

    private static float[] flat(float[][] a) {
        int n = 0;
        for (float[] r : a) {
            n += r.length;
        }
        float[] out = new float[n];
        int k = 0;
        for (float[] r : a) {
            System.arraycopy(r, 0, out, k, r.length);
            k += r.length;
        }
        return out;
    }

    private static float max(float[] a) {
        float m = 0;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static boolean close(float[] a, float[] b) {
        if (a.length != b.length) {
            return false;
        }
        float scale = 1e-5f * (1 + max(a));
        boolean differs = false;
        for (int i = 0; i < a.length; i++) {
            differs |= Math.abs(a[i] - b[i]) > scale;
        }
        return !differs;
    }
}
