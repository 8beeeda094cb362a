package org.tlnlp.lesson05.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Our forward pass as libtorch's own profiler sees it: which ATen operations a pass calls, how many, and how long
 * each takes inside libtorch, against the pass's wall-clock time. What is left over is spent outside libtorch's
 * operations (Java, DJL, the crossing into native code, the profiler's own bookkeeping). DJL 0.33 starts and stops
 * the profiler through {@code JniUtils} and writes a Chrome trace; it is reached by reflection, because the lesson
 * also builds on MXNet.
 */
final class TorchProfile {

    /** The ATen products, reported by their operands' shapes. */
    private static final Set<String> PRODUCTS = Set.of("aten::matmul", "aten::mm", "aten::bmm", "aten::addmm",
            "aten::linear");

    private TorchProfile() {
    }

    static boolean available() {
        try {
            Class.forName("ai.djl.pytorch.jni.JniUtils");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** libtorch's intra-op threads, or -1 on another engine. */
    static int threads() {
        try {
            return (Integer) jni().getMethod("getNumThreads").invoke(null);
        } catch (ReflectiveOperationException e) {
            return -1;
        }
    }

    /** libtorch's intra-op threads from now on (PyTorch's {@code torch.set_num_threads}). */
    static void threads(int n) throws ReflectiveOperationException {
        jni().getMethod("setNumThreads", int.class).invoke(null, n);
    }

    /** Profiles {@code reps} runs of {@code pass} (after one unprofiled warm-up run); the wall time is the profiled one. */
    static OpProfile profile(Runnable pass, int reps) throws Exception {
        pass.run();
        Method start = jni().getMethod("startProfile", boolean.class, boolean.class, boolean.class);
        Method stop = jni().getMethod("stopProfile", String.class);
        Path trace = Files.createTempFile("libtorch-profile", ".json");
        try {
            start.invoke(null, false, true, false); // no CUDA, no memory; shapes, to tell the products apart
            long t0 = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                pass.run();
            }
            double wall = (System.nanoTime() - t0) / 1e9 / reps;
            stop.invoke(null, trace.toString());
            return read(trace, wall, reps);
        } finally {
            Files.deleteIfExists(trace);
        }
    }

    /**
     * Reads the trace: complete events ("ph": "X") of every thread that recorded any (libtorch records the operations
     * a thread calls, not the work its OpenMP workers do for them), of which only the top-level ones count (an event
     * inside another's interval on the same thread is that one's callee, e.g. {@code aten::addmm} inside
     * {@code aten::linear}).
     */
    static OpProfile read(Path trace, double wall, int reps) throws Exception {
        record Event(String name, double ts, double dur, String tid, JsonArray shapes) {
        }
        List<Event> events = new ArrayList<>();
        JsonArray all = JsonParser.parseString(Files.readString(trace)).getAsJsonArray();
        for (JsonElement e : all) {
            JsonObject o = e.getAsJsonObject();
            if (o.has("ph") && o.get("ph").getAsString().equals("X") && o.has("dur")) {
                events.add(new Event(o.get("name").getAsString(), o.get("ts").getAsDouble(), o.get("dur").getAsDouble(),
                        o.get("tid").getAsString(), o.has("shape") ? o.getAsJsonArray("shape") : new JsonArray()));
            }
        }
        events.sort(Comparator.comparing(Event::tid).thenComparingDouble(Event::ts)
                .thenComparing(Comparator.comparingDouble(Event::dur).reversed()));
        Map<String, OpProfile.Sums> byName = new HashMap<>();
        String tid = null;
        double openUntil = Double.NEGATIVE_INFINITY;
        for (Event e : events) {
            if (!e.tid().equals(tid)) {
                tid = e.tid();
                openUntil = Double.NEGATIVE_INFINITY;
            }
            if (e.ts() < openUntil) {
                continue; // a callee of the open top-level operation
            }
            openUntil = e.ts() + e.dur();
            String name = e.name();
            double flops = 0;
            int first = name.equals("aten::addmm") ? 1 : 0; // addmm(bias, a, b)
            if (PRODUCTS.contains(name) && e.shapes().size() >= first + 2) {
                long[] a = OpProfile.dims(e.shapes().get(first).getAsJsonArray());
                long[] out = OpProfile.productShape(a, OpProfile.dims(e.shapes().get(first + 1).getAsJsonArray()));
                flops = OpProfile.productFlops(a, out);
                name = OpProfile.productName(name, a, out);
            }
            byName.computeIfAbsent(name, k -> new OpProfile.Sums()).add(e.dur(), flops);
        }
        return OpProfile.of(wall, byName, reps);
    }

    private static Class<?> jni() throws ClassNotFoundException {
        return Class.forName("ai.djl.pytorch.jni.JniUtils");
    }
}
