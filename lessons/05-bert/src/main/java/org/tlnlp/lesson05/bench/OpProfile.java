package org.tlnlp.lesson05.bench;

import com.google.gson.JsonArray;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A forward pass as an engine's own profiler sees it: the wall-clock seconds of a pass, the seconds spent inside the
 * engine's operations (top-level ones: what an operation calls inside is its own), and those operations by time,
 * largest first. What is left of the wall-clock time is spent between operations. Matrix products are told apart
 * by their operands' shapes, and carry their floating-point operations.
 */
record OpProfile(double wall, double inside, List<Op> ops) {

    /** One kind of operation: calls, seconds and floating-point operations (products only, else 0) per pass. */
    record Op(String name, double calls, double seconds, double flops) {
    }

    /** Sums over the passes of one kind of operation, as a profile is read. */
    static final class Sums {
        double calls;
        double micros;
        double flops;

        void add(double micros, double flops) {
            this.calls++;
            this.micros += micros;
            this.flops += flops;
        }
    }

    /** From sums by name over {@code reps} passes. */
    static OpProfile of(double wall, Map<String, Sums> byName, int reps) {
        List<Op> ops = new ArrayList<>();
        double inside = 0;
        for (Map.Entry<String, Sums> e : byName.entrySet()) {
            Sums s = e.getValue();
            ops.add(new Op(e.getKey(), s.calls / reps, s.micros / 1e6 / reps, s.flops / reps));
            inside += s.micros / 1e6 / reps;
        }
        ops.sort(Comparator.comparingDouble(Op::seconds).reversed());
        return new OpProfile(wall, inside, ops);
    }

    double calls() {
        return ops.stream().mapToDouble(Op::calls).sum();
    }

    /**
     * The result's shape of a product of operands shaped {@code a} (…, m, k) and {@code b} (…, k, n) or, when b is
     * used transposed, (…, n, k): a's shape with n last.
     */
    static long[] productShape(long[] a, long[] b) {
        long[] out = a.clone();
        out[out.length - 1] = a[a.length - 1] == b[b.length - 2] ? b[b.length - 1] : b[b.length - 2];
        return out;
    }

    /** Floating-point operations of a product of {@code a} (…, m, k) into {@code out} (…, m, n): 2 · |out| · k. */
    static double productFlops(long[] a, long[] out) {
        double elements = 1;
        for (long d : out) {
            elements *= d;
        }
        return 2 * elements * a[a.length - 1];
    }

    /** A product's name with its shapes, the same on both sides: {@code MatMul (1×16×384 → 1×16×1536)}. */
    static String productName(String op, long[] a, long[] out) {
        return op + " (" + join(a) + " → " + join(out) + ")";
    }

    private static String join(long[] d) {
        StringBuilder s = new StringBuilder();
        for (long v : d) {
            s.append(s.length() == 0 ? "" : "×").append(v);
        }
        return s.toString();
    }

    static long[] dims(JsonArray shape) {
        long[] d = new long[shape.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = shape.get(i).getAsLong();
        }
        return d;
    }
}
