package org.tlnlp.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar with the running loss and throughput. On a terminal it redraws in place;
 * elsewhere (a build log, a notebook) it prints a line at each quarter of the way, so logs stay short.
 */
public final class ProgressBar {

    private static final int WIDTH = 28;

    private final String label;
    private final long total;
    private final String unit;
    private final PrintStream out;
    private final boolean inPlace;
    private final long start = System.nanoTime();
    private long done;
    private long items;
    private int lastTenth;
    private String lastStatus = "";

    /** A bar for {@code total} steps; throughput is counted in {@code unit}s. */
    public ProgressBar(String label, long total, String unit) {
        this(label, total, unit, System.out, System.console() != null);
    }

    public ProgressBar(String label, long total, String unit, PrintStream out, boolean inPlace) {
        this.label = label;
        this.total = Math.max(1, total);
        this.unit = unit;
        this.out = out;
        this.inPlace = inPlace;
    }

    /**
     * Advances by one step that processed {@code n} items (examples, tokens: the unit of the throughput)
     * and shows {@code status} (e.g. "loss 0.421").
     */
    public void step(long n, String status) {
        done++;
        items += n;
        if (status != null && !status.isEmpty()) {
            lastStatus = status;
        }
        int tenth = (int) Math.min(4, done * 4 / total); // in a log: a line at each quarter
        if (inPlace) {
            out.print('\r' + line(lastStatus));
            if (done >= total) {
                out.println();
            }
            out.flush();
        } else if (tenth > lastTenth) {
            lastTenth = tenth;
            out.println(line(lastStatus));
        }
    }

    /** Items per second since the bar was made. */
    public double rate() {
        double seconds = (System.nanoTime() - start) / 1e9;
        return seconds > 0 ? items / seconds : 0;
    }

    private String line(String status) {
        int filled = (int) Math.min(WIDTH, done * WIDTH / total);
        return String.format(Locale.ROOT, "%-14s [%s%s] %3d%% %s %,.0f %s/s", label, "#".repeat(filled),
                ".".repeat(WIDTH - filled), done * 100 / total, status, rate(), unit);
    }
}
