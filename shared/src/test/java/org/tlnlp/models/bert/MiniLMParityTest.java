package org.tlnlp.models.bert;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tlnlp.data.BrownCorpus;
import org.tlnlp.data.TaggedWord;
import org.tlnlp.engine.Engines;
import org.tlnlp.io.Checkpoints;
import org.tlnlp.io.LoadPolicy;
import org.tlnlp.io.LoadReport;
import org.tlnlp.text.BertTokenizer;
import org.tlnlp.text.Encoding;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The course's BERT with all-MiniLM-L6-v2's weights, read from the ONNX file's initializers, against
 * ONNX Runtime running the same file: the last hidden states of 128 Brown sentences of mixed lengths,
 * batched with padding, agree to 1e-4, and the mean-pooled sentence embeddings to cosine 0.9999.
 */
class MiniLMParityTest {

    static NDManager manager;
    static Bert bert;
    static List<String> missing;
    static List<String> unexpected;
    static BertTokenizer tokenizer;
    static OrtEnvironment env;
    static OrtSession session;

    @BeforeAll
    static void load() throws Exception {
        manager = Engines.newManager();
        bert = Bert.create(BertConfig.miniLM(), manager);
        // Leniently, to see what the export lacks; MiniLM.load does the same and insists it is only the pooler.
        LoadReport report = Checkpoints.load(bert.namedParameters(), MiniLM.onnx().source(MiniLM.ONNX_RESOURCE),
                LoadPolicy.lenient());
        missing = report.missing();
        unexpected = report.unexpected();
        tokenizer = MiniLM.tokenizer();
        env = OrtEnvironment.getEnvironment();
        try (InputStream in = MiniLM.open(MiniLM.ONNX_RESOURCE)) {
            session = env.createSession(in.readAllBytes(), new OrtSession.SessionOptions());
        }
    }

    @AfterAll
    static void close() throws Exception {
        session.close();
        manager.close();
    }

    /** Sentences of every length from 1 word up, taken across genres. */
    static List<String> sentences(int n) {
        List<String> out = new ArrayList<>();
        List<BrownCorpus.Document> docs = BrownCorpus.load().documents();
        for (int i = 0; out.size() < n; i++) {
            List<TaggedWord> s = docs.get((i * 37) % docs.size()).sentences().get(i % 20);
            out.add(s.stream().map(TaggedWord::word).collect(Collectors.joining(" ")));
        }
        return out;
    }

    @Test
    void onlyThePoolerIsMissingFromAnEncoderOnlyExport() {
        assertEquals(List.of("pooler.dense.weight (384, 384)", "pooler.dense.bias (384)"), missing);
        assertEquals(List.of(), unexpected, "every float initializer of the export is a weight of the model");
    }

    @Test
    void lastHiddenStatesMatchOnnxRuntime() throws Exception {
        List<String> texts = sentences(128);
        double worst = 0;
        double worstCosine = 1;
        for (int from = 0; from < texts.size(); from += 16) {
            List<Encoding> batch = tokenizer.encodeBatch(texts.subList(from, from + 16), null, 128);
            int b = batch.size();
            int t = batch.get(0).length();
            long[][] ids = new long[b][t];
            long[][] mask = new long[b][t];
            long[][] types = new long[b][t];
            for (int i = 0; i < b; i++) {
                for (int j = 0; j < t; j++) {
                    ids[i][j] = batch.get(i).ids()[j];
                    mask[i][j] = batch.get(i).attentionMask()[j];
                    types[i][j] = batch.get(i).typeIds()[j];
                }
            }
            float[][][] reference;
            try (OnnxTensor a = OnnxTensor.createTensor(env, ids); OnnxTensor m = OnnxTensor.createTensor(env, mask);
                 OnnxTensor ty = OnnxTensor.createTensor(env, types);
                 OrtSession.Result r = session.run(Map.of("input_ids", a, "attention_mask", m, "token_type_ids", ty))) {
                reference = (float[][][]) r.get(0).getValue();
            }
            float[] ours;
            try (NDManager scope = manager.newSubManager()) {
                NDArray in = scope.create(flat(ids), new Shape(b, t));
                NDArray mk = scope.create(flat(mask), new Shape(b, t));
                NDArray ty = scope.create(flat(types), new Shape(b, t));
                ours = bert.forward(new ParameterStore(scope, false), in, ty, mk, false, false).lastHidden().toFloatArray();
            }
            int h = 384;
            for (int i = 0; i < b; i++) {
                double[] pooledOurs = new double[h];
                double[] pooledRef = new double[h];
                int real = 0;
                for (int j = 0; j < t; j++) {
                    if (mask[i][j] == 0) {
                        continue; // padding rows carry no meaning in either runtime
                    }
                    real++;
                    for (int k = 0; k < h; k++) {
                        float o = ours[(i * t + j) * h + k];
                        float r = reference[i][j][k];
                        worst = Math.max(worst, Math.abs(o - r));
                        pooledOurs[k] += o;
                        pooledRef[k] += r;
                    }
                }
                assertTrue(real > 2);
                worstCosine = Math.min(worstCosine, cosine(pooledOurs, pooledRef));
            }
        }
        System.out.printf("MiniLM vs ONNX Runtime: max abs difference %.2e, lowest cosine %.8f%n", worst, worstCosine);
        assertTrue(worst <= 1e-4, "max |ours - ONNX Runtime| = " + worst);
        assertTrue(worstCosine >= 0.9999, "lowest cosine of mean-pooled embeddings = " + worstCosine);
    }

    static long[] flat(long[][] a) {
        return java.util.Arrays.stream(a).flatMapToLong(java.util.Arrays::stream).toArray();
    }

    static double cosine(double[] a, double[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }
}
