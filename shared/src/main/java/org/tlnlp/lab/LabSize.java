package org.tlnlp.lab;

import java.util.Locale;

/**
 * How big a lab's run is; one setting read by every lab and notebook.
 *
 * <ul>
 *   <li>{@link #SMOKE}: seconds; checks that everything runs end to end (what CI executes);</li>
 *   <li>{@link #QUICK}: the default; minutes on a laptop CPU; the numbers the README quotes;</li>
 *   <li>{@link #FULL}: the whole experiment, meant for a GPU.</li>
 * </ul>
 *
 * Chosen by the system property {@code tlnlp.size} or the environment variable {@code TLNLP_SIZE}
 * ({@code smoke}, {@code quick} or {@code full}), or by a {@code --smoke/--quick/--full} argument.
 */
public enum LabSize {
    SMOKE, QUICK, FULL;

    /** The size asked for by the arguments, else by the property or environment, else QUICK. */
    public static LabSize current(String... args) {
        for (String a : args) {
            switch (a) {
                case "--smoke":
                    return SMOKE;
                case "--quick":
                    return QUICK;
                case "--full":
                    return FULL;
                default:
                    break;
            }
        }
        String v = System.getProperty("tlnlp.size");
        if (v == null || v.isBlank()) {
            v = System.getenv("TLNLP_SIZE");
        }
        if (v == null || v.isBlank()) {
            return QUICK;
        }
        try {
            return valueOf(v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tlnlp.size must be smoke, quick or full, not '" + v + "'");
        }
    }

    /** Picks the value for this size. */
    public <T> T pick(T smoke, T quick, T full) {
        return switch (this) {
            case SMOKE -> smoke;
            case QUICK -> quick;
            case FULL -> full;
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
