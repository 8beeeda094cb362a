package org.tlnlp.lesson05;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.tlnlp.engine.Engines;
import org.tlnlp.models.bert.Bert;
import org.tlnlp.models.bert.MiniLM;
import org.tlnlp.text.BertTokenizer;
import org.tlnlp.text.Encoding;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

/** all-MiniLM-L6-v2 in the course's BERT, and the same file in ONNX Runtime (the independent reference). */
final class MiniLMReference {

    static final NDManager MANAGER = Engines.newManager();
    static final BertTokenizer TOKENIZER = MiniLM.tokenizer();
    private static Bert bert;
    private static OrtSession session;

    private MiniLMReference() {
    }

    static synchronized Bert bert() throws Exception {
        if (bert == null) {
            bert = MiniLM.load(MANAGER);
        }
        return bert;
    }

    /** A fresh model with MiniLM's weights (for tests that swap in another attention function). */
    static Bert freshBert() throws Exception {
        return MiniLM.load(MANAGER);
    }

    /** The padded batch as (ids, types, mask) arrays of shape (B, T). */
    static NDArray[] inputs(NDManager m, List<Encoding> batch) {
        int b = batch.size();
        int t = batch.get(0).length();
        long[] ids = new long[b * t];
        long[] types = new long[b * t];
        long[] mask = new long[b * t];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < t; j++) {
                ids[i * t + j] = batch.get(i).ids()[j];
                types[i * t + j] = batch.get(i).typeIds()[j];
                mask[i * t + j] = batch.get(i).attentionMask()[j];
            }
        }
        Shape s = new Shape(b, t);
        return new NDArray[] {m.create(ids, s), m.create(types, s), m.create(mask, s)};
    }

    /** ONNX Runtime's last hidden state for the batch, flattened (B·T·384). */
    static synchronized float[] onnxRuntime(List<Encoding> batch) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        if (session == null) {
            try (InputStream in = MiniLM.open(MiniLM.ONNX_RESOURCE)) {
                session = env.createSession(in.readAllBytes(), new OrtSession.SessionOptions());
            }
        }
        int b = batch.size();
        int t = batch.get(0).length();
        long[][] ids = new long[b][t];
        long[][] types = new long[b][t];
        long[][] mask = new long[b][t];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < t; j++) {
                ids[i][j] = batch.get(i).ids()[j];
                types[i][j] = batch.get(i).typeIds()[j];
                mask[i][j] = batch.get(i).attentionMask()[j];
            }
        }
        try (OnnxTensor a = OnnxTensor.createTensor(env, ids); OnnxTensor m = OnnxTensor.createTensor(env, mask);
             OnnxTensor ty = OnnxTensor.createTensor(env, types);
             OrtSession.Result r = session.run(Map.of("input_ids", a, "attention_mask", m, "token_type_ids", ty))) {
            float[][][] out = (float[][][]) r.get(0).getValue();
            float[] flat = new float[b * t * out[0][0].length];
            int p = 0;
            for (float[][] x : out) {
                for (float[] y : x) {
                    System.arraycopy(y, 0, flat, p, y.length);
                    p += y.length;
                }
            }
            return flat;
        }
    }
}
