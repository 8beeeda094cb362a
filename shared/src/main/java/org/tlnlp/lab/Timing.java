package org.tlnlp.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** What every benchmark measures with: a clock around a piece of work, medians of runs, the machine's load. */
public final class Timing {

    private Timing() {
    }

    /** Seconds that {@code r} took. */
    public static double time(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The median of {@code v} (the mean of the two middle values for an even count; 0 for none). */
    public static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length == 0 ? 0 : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /**
     * Median seconds of {@code reps} runs of each, ours and the peer's alternating (so a busy spell of a shared
     * machine hits both), after two warm-up runs of each: {@code {ours, theirs}}.
     */
    public static double[] interleaved(int reps, Runnable ours, Runnable theirs) {
        for (int i = 0; i < 2; i++) {
            ours.run();
            theirs.run();
        }
        double[] a = new double[reps];
        double[] b = new double[reps];
        for (int r = 0; r < reps; r++) {
            a[r] = time(ours);
            b[r] = time(theirs);
        }
        return new double[] {median(a), median(b)};
    }

    /** Linux's load averages over 1, 5 and 15 minutes, as a benchmark file writes them; "unknown" elsewhere. */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + ", " + f[1] + ", " + f[2] + " (1, 5, 15 minutes)";
        } catch (Exception e) {
            return "unknown";
        }
    }
}
