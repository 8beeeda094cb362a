package org.tlnlp.lesson05.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

import java.io.ByteArrayOutputStream;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;

/**
 * ONNX Runtime's matrix-product rate, for the benchmark's table: ONNX Runtime's Java API runs only model files,
 * so this writes the smallest one, a single {@code MatMul} node C = A·B of two n × n float inputs, as the
 * protocol buffer ONNX defines ({@code ModelProto}), by hand.
 */
final class OnnxMatMul {

    private OnnxMatMul() {
    }

    /** GFLOP/s of an n × n float32 product in ONNX Runtime with {@code threads} intra-op threads. */
    static double gflops(int n, int threads) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[] values = new float[n * n];
        Random r = new Random(0);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) r.nextGaussian();
        }
        try (OrtSession.SessionOptions options = OrtPeer.options(threads);
             OrtSession session = env.createSession(model(n), options);
             OnnxTensor a = OnnxTensor.createTensor(env, FloatBuffer.wrap(values), new long[] {n, n})) {
            Map<String, OnnxTensor> in = Map.of("A", a, "B", a);
            session.run(in).close(); // warm-up
            int reps = 10;
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                session.run(in).close();
            }
            return 2.0 * n * n * n * reps / ((System.nanoTime() - t0) / 1e9) / 1e9;
        }
    }

    /**
     * ModelProto { ir_version: 7, opset_import { version: 13 }, graph { node { input: "A", input: "B",
     * output: "C", op_type: "MatMul" }, name: "matmul", input: A, B, output: C (float, n × n) } }.
     */
    static byte[] model(int n) {
        Message node = new Message().string(1, "A").string(1, "B").string(2, "C").string(4, "MatMul");
        Message graph = new Message().message(1, node).string(2, "matmul")
                .message(11, value("A", n)).message(11, value("B", n)).message(12, value("C", n));
        return new Message().varint(1, 7).message(8, new Message().varint(2, 13)).message(7, graph).bytes();
    }

    /** ValueInfoProto { name, type { tensor_type { elem_type: FLOAT, shape { dim { dim_value: n } × 2 } } } }. */
    private static Message value(String name, int n) {
        Message dim = new Message().varint(1, n);
        Message shape = new Message().message(1, dim).message(1, dim);
        Message tensor = new Message().varint(1, 1).message(2, shape);
        return new Message().string(1, name).message(2, new Message().message(1, tensor));
    }

    /** The few protocol-buffer encodings a ModelProto needs: varints and length-delimited fields. */
    private static final class Message {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Message varint(int field, long value) {
            raw(field << 3);
            raw(value);
            return this;
        }

        Message string(int field, String s) {
            return bytes(field, s.getBytes(StandardCharsets.UTF_8));
        }

        Message message(int field, Message m) {
            return bytes(field, m.bytes());
        }

        private Message bytes(int field, byte[] b) {
            raw(field << 3 | 2);
            raw(b.length);
            out.writeBytes(b);
            return this;
        }

        private void raw(long v) {
            while ((v & ~0x7fL) != 0) {
                out.write((int) (v & 0x7f) | 0x80);
                v >>>= 7;
            }
            out.write((int) v);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
