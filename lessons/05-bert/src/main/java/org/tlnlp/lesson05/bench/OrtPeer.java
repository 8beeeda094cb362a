package org.tlnlp.lesson05.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.tlnlp.models.bert.MiniLM;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * The peer of MiniLM's forward pass: ONNX Runtime running the very ONNX file whose initializers the course
 * reads, at its best setting here: every graph optimisation (which fuses LayerNorm, GELU and attention
 * subgraphs), a fixed number of intra-op threads, one inter-op thread, and no spinning. By default its idle
 * workers spin, waiting for work; on a small shared machine they take the cores from whatever runs next, ours
 * included (our 1 × 16 pass took 0.53 s instead of 0.18 s beside a spinning session, measured while the machine
 * was busy), and ONNX Runtime itself was faster without (7.3 ms against 13.5 ms at 1 × 16).
 */
final class OrtPeer implements AutoCloseable {

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final byte[] model;
    private final int threads;
    private final OrtSession session;

    OrtPeer(int threads) throws IOException, OrtException {
        try (InputStream in = MiniLM.open(MiniLM.ONNX_RESOURCE)) {
            model = in.readAllBytes();
        }
        this.threads = threads;
        try (OrtSession.SessionOptions o = options(threads)) {
            session = env.createSession(model, o);
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

    /** One forward pass: the last hidden state of ids (B, T), all tokens real, segment 0. */
    void forward(long[][] ids) throws OrtException {
        forward(session, ids);
    }

    /**
     * The seconds ONNX Runtime's nodes spent in {@code reps} forward passes, summed by {@link Stage} (from each
     * node's name and operator, {@link Stage#of}), measured by its own profiler: a second session with profiling
     * on runs a warm-up pass and then the timed ones, and the JSON trace it writes is read back (and deleted).
     */
    Map<Stage, Double> stages(long[][] ids, int reps) throws IOException, OrtException {
        Path prefix = Files.createTempFile("ort-profile", "");
        Map<Stage, Double> out = new EnumMap<>(Stage.class);
        for (Stage s : Stage.values()) {
            out.put(s, 0.0);
        }
        String trace;
        try (OrtSession.SessionOptions o = options(threads)) {
            o.enableProfiling(prefix.toString());
            try (OrtSession profiled = env.createSession(model, o)) {
                for (int r = 0; r <= reps; r++) {
                    forward(profiled, ids);
                }
                trace = profiled.endProfiling();
            }
        }
        try {
            JsonArray events = JsonParser.parseString(Files.readString(Path.of(trace))).getAsJsonArray();
            long timedFrom = Long.MAX_VALUE; // the start of the second run: the first is the warm-up
            int runs = 0;
            for (JsonElement e : events) {
                JsonObject o = e.getAsJsonObject();
                if (o.get("name").getAsString().equals("model_run") && ++runs == 2) {
                    timedFrom = o.get("ts").getAsLong();
                }
            }
            for (JsonElement e : events) {
                JsonObject o = e.getAsJsonObject();
                String name = o.get("name").getAsString();
                if (o.get("cat").getAsString().equals("Node") && name.endsWith("_kernel_time")
                        && o.get("ts").getAsLong() >= timedFrom) {
                    String op = o.getAsJsonObject("args").get("op_name").getAsString();
                    Stage s = Stage.of(name.substring(0, name.length() - "_kernel_time".length()), op);
                    out.merge(s, o.get("dur").getAsLong() / 1e6 / reps, Double::sum);
                }
            }
        } finally {
            Files.deleteIfExists(Path.of(trace));
            Files.deleteIfExists(prefix);
        }
        return out;
    }

    private void forward(OrtSession session, long[][] ids) throws OrtException {
        long[][] ones = new long[ids.length][ids[0].length];
        for (long[] row : ones) {
            java.util.Arrays.fill(row, 1);
        }
        try (OnnxTensor a = OnnxTensor.createTensor(env, ids); OnnxTensor m = OnnxTensor.createTensor(env, ones);
             OnnxTensor t = OnnxTensor.createTensor(env, new long[ids.length][ids[0].length]);
             OrtSession.Result r = session.run(Map.of("input_ids", a, "attention_mask", m, "token_type_ids", t))) {
            r.get(0); // the last hidden state stays in ONNX Runtime's memory, as ours stays in PyTorch's
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
