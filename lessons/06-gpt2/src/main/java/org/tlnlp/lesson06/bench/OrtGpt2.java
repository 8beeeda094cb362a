package org.tlnlp.lesson06.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The ONNX Runtime peer of our GPT-2: the same weights exported by {@code tools/reference/gpt2_onnx_export.py}
 * as two graphs, {@code prefill.onnx} (the whole prompt, returning every block's keys and values) and
 * {@code decode.onnx} (one new token after the cached keys and values), run with every graph optimisation, a
 * fixed number of intra-op threads, one inter-op thread and no spinning (as lesson 05's {@code OrtPeer}).
 */
final class OrtGpt2 implements AutoCloseable {

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession prefill;
    private final OrtSession decode;
    private final int layers;

    OrtGpt2(Path dir, int layers, int threads) throws OrtException {
        this.layers = layers;
        try (OrtSession.SessionOptions o = options(threads)) {
            prefill = env.createSession(dir.resolve("prefill.onnx").toString(), o);
            decode = env.createSession(dir.resolve("decode.onnx").toString(), o);
        }
    }

    static OrtSession.SessionOptions options(int threads) throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.setIntraOpNumThreads(threads);
        o.setInterOpNumThreads(1);
        o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        o.addConfigEntry("session.intra_op.allow_spinning", "0");
        return o;
    }

    static String version() {
        return OrtEnvironment.getEnvironment().getVersion();
    }

    /** The logits of every position of {@code ids} (batch 1), flattened (T · V). */
    float[] logits(int[] ids) throws OrtException {
        try (OnnxTensor in = ids(ids); OrtSession.Result r = prefill.run(Map.of("input_ids", in))) {
            FloatBuffer b = ((OnnxTensor) r.get(0)).getFloatBuffer();
            float[] out = new float[b.remaining()];
            b.get(out);
            return out;
        }
    }

    /**
     * Greedy generation of {@code n} tokens after {@code prompt}: the prompt through {@code prefill.onnx}, then one
     * token at a time through {@code decode.onnx}, each step's keys and values fed to the next without copying
     * them out of ONNX Runtime.
     */
    int[] generate(int[] prompt, int n) throws OrtException {
        int[] out = new int[n];
        OrtSession.Result last;
        try (OnnxTensor in = ids(prompt)) {
            last = prefill.run(Map.of("input_ids", in));
        }
        try {
            for (int i = 0; i < n; i++) {
                out[i] = argmaxLastRow((OnnxTensor) last.get(0));
                if (i == n - 1) {
                    break;
                }
                Map<String, OnnxTensor> feed = new HashMap<>();
                for (int l = 0; l < layers; l++) {
                    feed.put("past_k_" + l, (OnnxTensor) last.get("present_k_" + l).orElseThrow());
                    feed.put("past_v_" + l, (OnnxTensor) last.get("present_v_" + l).orElseThrow());
                }
                try (OnnxTensor token = ids(new int[] {out[i]})) {
                    feed.put("input_ids", token);
                    OrtSession.Result next = decode.run(feed);
                    last.close();
                    last = next;
                }
            }
        } finally {
            last.close();
        }
        return out;
    }

    /** The id of the largest logit at the last position (what {@code Sampling.greedy()} picks). */
    private static int argmaxLastRow(OnnxTensor logits) {
        long[] shape = logits.getInfo().getShape();
        int v = (int) shape[2];
        FloatBuffer b = logits.getFloatBuffer();
        float[] row = new float[v];
        b.position((int) ((shape[1] - 1) * v));
        b.get(row);
        int best = 0;
        for (int i = 1; i < v; i++) {
            if (row[i] > row[best]) {
                best = i;
            }
        }
        return best;
    }

    private OnnxTensor ids(int[] ids) throws OrtException {
        long[][] a = new long[1][ids.length];
        for (int i = 0; i < ids.length; i++) {
            a[0][i] = ids[i];
        }
        return OnnxTensor.createTensor(env, a);
    }

    @Override
    public void close() throws OrtException {
        prefill.close();
        decode.close();
    }
}
