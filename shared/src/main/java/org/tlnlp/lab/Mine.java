package org.tlnlp.lab;

import org.tlnlp.grading.NotImplementedYet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a lab runs with the learner's own exercises plugged in wherever the library has a seam for them
 * ({@code ./course run 05-bert --mine}, the system property {@code tlnlp.mine}, the environment variable
 * {@code TLNLP_MINE}, or {@link #use} in a notebook). A lab run that way writes its report under
 * {@code results/mine/}, never over the course's own.
 */
public final class Mine {

    /** Some of the learner's exercises the lab needs are not done; the message names them (no stack trace). */
    public static final class NotDone extends IllegalStateException {
        NotDone(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private static volatile Boolean chosen;

    private Mine() {
    }

    public static boolean enabled() {
        Boolean c = chosen;
        if (c != null) {
            return c;
        }
        return Boolean.getBoolean("tlnlp.mine") || "true".equalsIgnoreCase(System.getenv("TLNLP_MINE"));
    }

    /** Chooses for this JVM (a notebook's switch). */
    public static void use(boolean yours) {
        chosen = yours;
    }

    /**
     * The exercises a lab would use with {@code --mine}, each with a probe (a tiny call of it), collected with
     * {@link Probes#add} and checked with {@link Probes#require}.
     *
     * @param lesson the lesson's folder, e.g. "05-bert"
     */
    public static Probes probes(String lesson) {
        return new Probes(lesson);
    }

    /** The probes of one lab; see {@link #probes}. */
    public static final class Probes {

        private final String lesson;
        private final Map<String, Runnable> probes = new LinkedHashMap<>();

        private Probes(String lesson) {
            this.lesson = lesson;
        }

        /**
         * Adds one exercise's probe.
         *
         * @param exercise the exercise and its method, e.g. "5.3 (AttentionExercise.scaledDotProduct)"
         * @param probe    a tiny call of it
         */
        public Probes add(String exercise, Runnable probe) {
            probes.put(exercise, probe);
            return this;
        }

        /**
         * With {@code --mine}, runs every probe and, when some exercises are not done yet, stops the lab with a
         * message naming them all, before anything long has run. Without {@code --mine}, does nothing.
         */
        public void require() {
            if (!enabled()) {
                return;
            }
            List<String> missing = new ArrayList<>();
            for (Map.Entry<String, Runnable> p : probes.entrySet()) {
                try {
                    p.getValue().run();
                } catch (NotImplementedYet e) {
                    missing.add(p.getKey());
                }
            }
            if (!missing.isEmpty()) {
                throw new NotDone("./course run " + lesson + " --mine runs the lab with your exercises "
                        + String.join(", ", probes.keySet()) + ", but " + (missing.size() == 1 ? "this one is"
                        : "these are") + " not done yet: " + missing + ". Finish " + (missing.size() == 1 ? "it"
                        : "them") + " (mvn test -pl lessons/" + lesson + " -am grades them), or run the lab "
                        + "without --mine.");
            }
            System.out.println("Running with your exercises: " + String.join(", ", probes.keySet()));
        }
    }
}
