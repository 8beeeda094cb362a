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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
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
    private final boolean prepack;
    private final OrtSession session;

    OrtPeer(int threads) throws IOException, OrtException {
        this(threads, true);
    }

    /**
     * A peer with {@code threads} intra-op threads that, unless {@code prepack}, multiplies by its weights as they are
     * stored: by default ONNX Runtime lays each constant weight out once, when the session starts, in the blocks its
     * product kernel reads ("pre-packing"); DJL 0.33 gives ours no such step.
     */
    OrtPeer(int threads, boolean prepack) throws IOException, OrtException {
        try (InputStream in = MiniLM.open(MiniLM.ONNX_RESOURCE)) {
            model = in.readAllBytes();
        }
        this.threads = threads;
        this.prepack = prepack;
        try (OrtSession.SessionOptions o = options()) {
            session = env.createSession(model, o);
        }
    }

    private OrtSession.SessionOptions options() throws OrtException {
        OrtSession.SessionOptions o = options(threads);
        if (!prepack) {
            o.addConfigEntry("session.disable_prepacking", "1");
        }
        return o;
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
     * node's name and operator, {@link Stage#of}), measured by its own profiler ({@link #trace}).
     */
    Map<Stage, Double> stages(long[][] ids, int reps) throws IOException, OrtException {
        Map<Stage, Double> out = new EnumMap<>(Stage.class);
        for (Stage s : Stage.values()) {
            out.put(s, 0.0);
        }
        for (JsonObject node : trace(ids, reps).nodes()) {
            String name = node.get("name").getAsString();
            Stage s = Stage.of(name.substring(0, name.length() - "_kernel_time".length()), op(node));
            out.merge(s, node.get("dur").getAsLong() / 1e6 / reps, Double::sum);
        }
        return out;
    }

    /** The same passes by operator: node calls and kernel time a pass, against the time of a whole run. */
    OpProfile ops(long[][] ids, int reps) throws IOException, OrtException {
        Trace t = trace(ids, reps);
        Map<String, OpProfile.Sums> byOp = new HashMap<>();
        for (JsonObject node : t.nodes()) {
            String op = op(node);
            double flops = 0;
            JsonObject args = node.getAsJsonObject("args");
            if (op.contains("MatMul") && args.has("input_type_shape") && args.has("output_type_shape")) {
                // [{"float": [dims]}, ...]; a weight (an initializer) is not listed among the inputs
                long[] a = OpProfile.dims(args.getAsJsonArray("input_type_shape").get(0).getAsJsonObject()
                        .getAsJsonArray("float"));
                long[] out = OpProfile.dims(args.getAsJsonArray("output_type_shape").get(0).getAsJsonObject()
                        .getAsJsonArray("float"));
                flops = OpProfile.productFlops(a, out);
                op = OpProfile.productName(op, a, out);
            }
            byOp.computeIfAbsent(op, k -> new OpProfile.Sums()).add(node.get("dur").getAsLong(), flops);
        }
        return OpProfile.of(t.runSeconds() / reps, byOp, reps);
    }

    /** The timed passes' node events ("..._kernel_time"), and the summed duration of their runs, seconds. */
    private record Trace(List<JsonObject> nodes, double runSeconds) {
    }

    /**
     * Runs a warm-up pass and {@code reps} timed ones in a second session with ONNX Runtime's profiler on, and reads
     * the JSON trace it writes back (then deletes it).
     */
    private Trace trace(long[][] ids, int reps) throws IOException, OrtException {
        Path prefix = Files.createTempFile("ort-profile", "");
        String trace;
        try (OrtSession.SessionOptions o = options()) {
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
            double runSeconds = 0;
            for (JsonElement e : events) {
                JsonObject o = e.getAsJsonObject();
                if (o.get("name").getAsString().equals("model_run") && ++runs >= 2) {
                    timedFrom = Math.min(timedFrom, o.get("ts").getAsLong());
                    runSeconds += o.get("dur").getAsLong() / 1e6;
                }
            }
            List<JsonObject> nodes = new ArrayList<>();
            for (JsonElement e : events) {
                JsonObject o = e.getAsJsonObject();
                if (o.get("cat").getAsString().equals("Node") && o.get("name").getAsString().endsWith("_kernel_time")
                        && o.get("ts").getAsLong() >= timedFrom) {
                    nodes.add(o);
                }
            }
            return new Trace(nodes, runSeconds);
        } finally {
            Files.deleteIfExists(Path.of(trace));
            Files.deleteIfExists(prefix);
        }
    }

    private static String op(JsonObject node) {
        return node.getAsJsonObject("args").get("op_name").getAsString();
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
