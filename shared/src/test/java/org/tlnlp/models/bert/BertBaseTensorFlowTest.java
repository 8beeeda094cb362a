package org.tlnlp.models.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tlnlp.data.BrownCorpus;
import org.tlnlp.data.TaggedWord;
import org.tlnlp.engine.Engines;
import org.tlnlp.io.EasyBertJar;
import org.tlnlp.models.Pretrained;
import org.tlnlp.text.BertTokenizer;
import org.tlnlp.text.Encoding;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * BERT-base uncased, loaded by the course from its tensor bundle ({@link Pretrained#bertBaseUncased}), against
 * the same SavedModel run by TensorFlow itself (TensorFlow Java 1.1.0, TensorFlow 2.x's C library, in this JVM).
 * Both read the same ids: Brown sentences of different lengths, two word pieces of each replaced by
 * {@code [MASK]}, batched with padding. Compared: the embeddings' output and every layer's hidden states, the
 * pooled [CLS] vector, and the masked-LM logits at the masked positions; then the lecture's fill-mask example.
 *
 * <p>The two differ in one constant: TensorFlow's graph adds (1 − mask) · (−10000) to the attention scores of
 * padding, ours −10⁹. In float32 both make a padded key's softmax weight exactly 0 (e^−10000 underflows as
 * surely as e^−10⁹), so padding changes nothing; the comparison covers the padded positions too.
 */
class BertBaseTensorFlowTest {

    // What TensorFlow is fed and asked for (the graph is TF-Hub's BERT module applied once). The signature says
    // length 128, but any length up to 512 runs; the masked-LM logits are in the graph but not in its signature,
    // so they are fetched by name with the positions fed alongside ([batch * positions, 30522]).
    static final String IDS = "input_ids:0";
    static final String MASK = "input_mask:0";
    static final String SEGMENTS = "segment_ids:0";
    static final String MLM_POSITIONS = "module_apply_tokens/mlm_positions:0";
    static final String SEQUENCE = "module_apply_tokens/bert/encoder/Reshape_13:0";
    static final String POOLED = "module_apply_tokens/bert/pooler/dense/Tanh:0";
    static final String MLM_LOGITS = "module_apply_tokens/cls/predictions/BiasAdd:0";
    static final String EMBEDDINGS = "module_apply_tokens/bert/embeddings/LayerNorm/batchnorm/add_1:0";

    static String layer(int n) {
        return "module_apply_tokens/bert/encoder/layer_" + n + "/output/LayerNorm/batchnorm/add_1:0";
    }

    /** Hidden states, every layer and the pooled vector: values of magnitude up to ~10 after LayerNorm. */
    static final double HIDDEN_TOLERANCE = 1e-4;
    /**
     * Hidden states at padded positions: nothing reads them (pooling, heads and losses mask them out), and a wrong
     * attention mask would show at the real tokens first. They are rows of [PAD] pushed through every layer, and
     * their float32 rounding grows with depth and with the engine's kernels: up to 5e-5 on PyTorch, 1.4e-4 on MXNet
     * (layer 10; real tokens 1.6e-5 there). Checked at 1e-3, so a pad row that is zeroed, skipped or mis-positioned
     * still fails.
     */
    static final double PADDING_TOLERANCE = 1e-3;
    /**
     * Masked-LM logits: magnitude up to ~20, after a further dense layer, GELU, LayerNorm and a product with the
     * 768-wide embedding table; float32 rounding in a different summation order gives about 1e-5 relative.
     */
    static final double LOGIT_TOLERANCE = 1e-3;
    /** Fill-mask probabilities (softmax of those logits). */
    static final double PROBABILITY_TOLERANCE = 1e-4;

    @TempDir
    static Path savedModel;
    static NDManager manager;
    static BertPretraining model;
    static BertTokenizer tokenizer;
    static SavedModelBundle tf;

    @BeforeAll
    static void load() throws Exception {
        manager = Engines.newManager();
        long t0 = System.nanoTime();
        Pretrained.BertMaskedLmModel loaded = Pretrained.bertBaseUncased(manager);
        long t1 = System.nanoTime();
        model = loaded.model();
        tokenizer = loaded.tokenizer();
        EasyBertJar.extract(savedModel, Long.MAX_VALUE); // TensorFlow reads SavedModels only from folders
        long t2 = System.nanoTime();
        tf = SavedModelBundle.load(savedModel.toString(), "serve");
        long t3 = System.nanoTime();
        System.out.printf(Locale.ROOT, "BERT-base: ours loaded from the jar in %.1f s; TensorFlow: extract %.1f s, "
                + "SavedModelBundle.load %.1f s%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
    }

    @AfterAll
    static void close() {
        tf.close();
        manager.close();
    }

    /** One Brown sentence of about each word count, from documents spread over the corpus (all genres). */
    static List<String> sentences(int... wordCounts) {
        List<BrownCorpus.Document> docs = BrownCorpus.load().documents();
        List<String> out = new ArrayList<>();
        int d = 0;
        for (int n : wordCounts) {
            String found = null;
            for (; found == null; d = (d + 61) % docs.size()) {
                for (List<TaggedWord> s : docs.get(d).sentences()) {
                    if (s.size() == n) {
                        found = s.stream().map(TaggedWord::word).collect(Collectors.joining(" "));
                        break;
                    }
                }
            }
            out.add(found);
        }
        return out;
    }

    @Test
    void everyLayerAndTheMaskedLmLogitsMatchTensorFlowOnAPaddedBatch() {
        List<String> texts = sentences(6, 13, 22, 35, 51, 70);
        List<Encoding> batch = tokenizer.encodeBatch(texts, null, 128);
        int b = batch.size();
        int t = batch.get(0).length();
        int maskId = tokenizer.id(BertTokenizer.MASK);
        int[][] ids = new int[b][t];
        int[][] mask = new int[b][t];
        int[][] positions = new int[b][2];
        List<Encoding> masked = new ArrayList<>();
        for (int i = 0; i < b; i++) {
            Encoding e = batch.get(i);
            int n = Arrays.stream(e.attentionMask()).sum();
            positions[i][0] = Math.max(1, n / 3); // two word pieces, never [CLS] or [SEP]
            positions[i][1] = Math.max(positions[i][0] + 1, 2 * n / 3);
            ids[i] = e.ids().clone();
            ids[i][positions[i][0]] = maskId;
            ids[i][positions[i][1]] = maskId;
            mask[i] = e.attentionMask().clone();
            masked.add(new Encoding(e.tokens(), ids[i], e.typeIds(), e.attentionMask()));
        }
        int[] lengths = Arrays.stream(mask).mapToInt(m -> Arrays.stream(m).sum()).toArray();
        System.out.println("batch " + b + " x " + t + ", lengths " + Arrays.toString(lengths));

        // TensorFlow: one run fetches every output.
        List<String> fetches = new ArrayList<>(List.of(SEQUENCE, POOLED, MLM_LOGITS, EMBEDDINGS));
        for (int l = 0; l < 12; l++) {
            fetches.add(layer(l));
        }
        long t0 = System.nanoTime();
        List<float[]> theirs = runTensorFlow(ids, mask, new int[b][t], positions, fetches);
        long t1 = System.nanoTime();

        // Ours: the encoder with every layer's states, then the masked-LM head at the same positions.
        List<float[]> ours = new ArrayList<>();
        try (NDManager scope = manager.newSubManager()) {
            ParameterStore s = new ParameterStore(scope, false);
            BertInput in = BertInput.of(scope, masked, tokenizer.id(BertTokenizer.PAD));
            long[] flat = new long[2 * b];
            for (int i = 0; i < b; i++) {
                flat[2 * i] = (long) i * t + positions[i][0];
                flat[2 * i + 1] = (long) i * t + positions[i][1];
            }
            long t2 = System.nanoTime();
            Bert.Output o = model.bert().forward(s, in, false, true);
            NDArray logits = model.maskedLm(s, o.lastHidden(), scope.create(flat), false);
            ours.add(o.lastHidden().toFloatArray());
            long t3 = System.nanoTime();
            ours.add(o.pooled().toFloatArray());
            ours.add(logits.toFloatArray());
            for (NDArray h : o.hiddenStates()) { // the embeddings, then layers 0..11
                ours.add(h.toFloatArray());
            }
            System.out.printf(Locale.ROOT, "forward of %d x %d: TensorFlow %.2f s (with 16 fetches), ours %.2f s%n",
                    b, t, (t1 - t0) / 1e9, (t3 - t2) / 1e9);
        }

        Difference last = compare(ours.get(0), theirs.get(0), mask, 768);
        Difference pooled = Difference.of(ours.get(1), theirs.get(1));
        Difference logits = Difference.of(ours.get(2), theirs.get(2));
        System.out.printf(Locale.ROOT, "largest |ours - TensorFlow|: last hidden state %.2e at real tokens, %.2e at "
                        + "padding; pooled %.2e; masked-LM logits %.2e (largest |logit| %.1f)%n", last.real, last.padding,
                pooled.all(), logits.all(), maxAbs(theirs.get(2)));
        StringBuilder perLayer = new StringBuilder("every layer, largest difference at real tokens / padding:");
        double worstLayer = 0;
        double worstPadding = 0;
        for (int l = 0; l <= 12; l++) {
            Difference d = compare(ours.get(3 + l), theirs.get(3 + l), mask, 768);
            perLayer.append(String.format(Locale.ROOT, " %s %.1e/%.1e", l == 0 ? "emb" : "L" + (l - 1), d.real, d.padding));
            worstLayer = Math.max(worstLayer, d.real);
            worstPadding = Math.max(worstPadding, d.padding);
        }
        System.out.println(perLayer);
        // Same predictions at every masked position.
        int[] oursTop = argMaxRows(ours.get(2), 30522);
        int[] theirTop = argMaxRows(theirs.get(2), 30522);
        assertArrayEquals(theirTop, oursTop, "most probable word piece at each masked position");

        assertTrue(last.real <= HIDDEN_TOLERANCE && last.padding <= PADDING_TOLERANCE, "last hidden state: " + last);
        assertTrue(worstLayer <= HIDDEN_TOLERANCE, "real tokens, " + perLayer);
        assertTrue(worstPadding <= PADDING_TOLERANCE, "padding, " + perLayer);
        assertTrue(pooled.all() <= HIDDEN_TOLERANCE, "pooled: " + pooled);
        assertTrue(logits.all() <= LOGIT_TOLERANCE, "masked-LM logits: " + logits);
    }

    @Test
    void fillMaskGivesTensorFlowsFiveMostProbableWords() {
        String text = "the jury [MASK] the election was conducted well.";
        List<FillMask.Prediction> ours = FillMask.topK(model, tokenizer, text, 5);

        Encoding e = tokenizer.encode(text);
        int at = e.tokens().indexOf(BertTokenizer.MASK);
        int[][] ids = {e.ids()};
        int[][] ones = {e.attentionMask()};
        float[] logits = runTensorFlow(ids, ones, new int[1][e.length()], new int[][] {{at}}, List.of(MLM_LOGITS)).get(0);
        double[] p = softmax(logits);
        Integer[] order = new Integer[p.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (x, y) -> Double.compare(p[y], p[x]));

        StringBuilder shown = new StringBuilder("fill-mask '" + text + "':");
        for (int i = 0; i < 5; i++) {
            FillMask.Prediction o = ours.get(i);
            shown.append(String.format(Locale.ROOT, " %s %.4f (TF %s %.4f);", o.token(), o.probability(),
                    tokenizer.vocabulary().token(order[i]), p[order[i]]));
        }
        System.out.println(shown);
        for (int i = 0; i < 5; i++) {
            FillMask.Prediction o = ours.get(i);
            assertEquals((int) order[i], o.id(), shown.toString());
            assertEquals(tokenizer.vocabulary().token(order[i]), o.token());
            assertEquals(p[order[i]], o.probability(), PROBABILITY_TOLERANCE, shown.toString());
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Runs the SavedModel on int32 inputs and returns each fetched tensor's values, row-major. */
    static List<float[]> runTensorFlow(int[][] ids, int[][] mask, int[][] segments, int[][] mlmPositions,
                                       List<String> fetches) {
        List<Tensor> inputs = List.of(int32(ids), int32(mask), int32(segments), int32(mlmPositions));
        try {
            Session.Runner r = tf.session().runner().feed(IDS, inputs.get(0)).feed(MASK, inputs.get(1))
                    .feed(SEGMENTS, inputs.get(2)).feed(MLM_POSITIONS, inputs.get(3));
            fetches.forEach(r::fetch);
            try (Result result = r.run()) {
                List<float[]> out = new ArrayList<>();
                for (int i = 0; i < fetches.size(); i++) {
                    TFloat32 v = (TFloat32) result.get(i);
                    float[] values = new float[Math.toIntExact(v.size())];
                    v.copyTo(DataBuffers.of(values, false, false));
                    out.add(values);
                }
                return out;
            }
        } finally {
            inputs.forEach(Tensor::close);
        }
    }

    static TInt32 int32(int[][] rows) {
        int[] flat = Arrays.stream(rows).flatMapToInt(Arrays::stream).toArray();
        return TInt32.tensorOf(Shape.of(rows.length, rows[0].length), DataBuffers.of(flat, true, false));
    }

    /** The largest difference at real tokens and at padding, of two (B, T, width) arrays, flat. */
    record Difference(double real, double padding) {
        static Difference of(float[] a, float[] b) {
            return new Difference(maxDiff(a, b, 0, a.length), 0);
        }

        double all() {
            return Math.max(real, padding);
        }
    }

    static Difference compare(float[] ours, float[] theirs, int[][] mask, int width) {
        assertEquals(theirs.length, ours.length);
        int t = mask[0].length;
        double real = 0;
        double padding = 0;
        for (int i = 0; i < mask.length; i++) {
            for (int j = 0; j < t; j++) {
                int from = (i * t + j) * width;
                double d = maxDiff(ours, theirs, from, from + width);
                if (mask[i][j] == 1) {
                    real = Math.max(real, d);
                } else {
                    padding = Math.max(padding, d);
                }
            }
        }
        return new Difference(real, padding);
    }

    static double maxDiff(float[] a, float[] b, int from, int to) {
        assertEquals(b.length, a.length);
        double worst = 0;
        for (int i = from; i < to; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }

    static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    static int[] argMaxRows(float[] a, int width) {
        int[] out = new int[a.length / width];
        for (int r = 0; r < out.length; r++) {
            int best = 0;
            for (int k = 1; k < width; k++) {
                if (a[r * width + k] > a[r * width + best]) {
                    best = k;
                }
            }
            out[r] = best;
        }
        return out;
    }

    static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
