package org.tlnlp.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;

import java.util.Locale;
import java.util.Set;

/**
 * The one place that chooses the DJL engine and the device. Nothing else in the course names an engine.
 *
 * <p>The engine comes from the system property {@code tlnlp.engine} (or the environment variable
 * {@code TLNLP_ENGINE}): {@code PyTorch} or {@code MXNet}. Without either, the first engine on the
 * class path wins, PyTorch first. The Maven profiles {@code mxnet} and {@code cuda} set it.
 *
 * <p>The device comes from {@code tlnlp.device} / {@code TLNLP_DEVICE}: {@code auto} (the default: the
 * first GPU when the engine sees one, else the CPU), {@code cpu} or {@code gpu}.
 */
public final class Engines {

    private static final String[] PREFERENCE = {"PyTorch", "MXNet"};
    private static volatile Engine engine;

    private Engines() {
    }

    /** The engine every model, trainer and array in the course uses; chosen once, on first call. */
    public static Engine engine() {
        Engine e = engine;
        if (e == null) {
            synchronized (Engines.class) {
                if (engine == null) {
                    engine = choose();
                }
                e = engine;
            }
        }
        return e;
    }

    private static Engine choose() {
        // Native libraries come from Maven; never let DJL reach out to the network for them.
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        Set<String> available = Engine.getAllEngines();
        String wanted = setting("tlnlp.engine", "TLNLP_ENGINE", null);
        String name = null;
        if (wanted != null && !wanted.isBlank()) {
            for (String candidate : available) {
                if (candidate.equalsIgnoreCase(wanted.trim())) {
                    name = candidate;
                }
            }
            if (name == null) {
                throw new IllegalStateException("tlnlp.engine=" + wanted + " is not on the class path; available: "
                        + available + ". Build with the matching Maven profile (-Pmxnet for MXNet).");
            }
        } else {
            for (String candidate : PREFERENCE) {
                if (available.contains(candidate)) {
                    name = candidate;
                    break;
                }
            }
            if (name == null) {
                throw new IllegalStateException("No DJL engine on the class path (looked for PyTorch and MXNet).");
            }
        }
        // DJL blocks that ask for "the default engine" (lambda blocks, for one) must get the same engine.
        System.setProperty("ai.djl.default_engine", name);
        return Engine.getEngine(name);
    }

    /** The device chosen for this run. */
    public static Device device() {
        String wanted = setting("tlnlp.device", "TLNLP_DEVICE", "auto").toLowerCase(Locale.ROOT);
        Engine e = engine();
        switch (wanted) {
            case "cpu":
                return Device.cpu();
            case "gpu":
                if (e.getGpuCount() == 0) {
                    throw new IllegalStateException("tlnlp.device=gpu but the " + e.getEngineName()
                            + " engine sees no GPU; build with -Pcuda on a machine with an NVIDIA GPU.");
                }
                return Device.gpu();
            case "auto":
                return e.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
            default:
                throw new IllegalArgumentException("tlnlp.device must be auto, cpu or gpu, not '" + wanted + "'");
        }
    }

    /** A new root manager on the chosen engine and device; close it (try-with-resources) when done. */
    public static NDManager newManager() {
        return engine().newBaseManager(device());
    }

    /** One line saying what runs where, for logs and reports: engine, version, device, threads. */
    public static String describe() {
        Engine e = engine();
        return e.getEngineName() + " " + e.getVersion() + " on " + device() + ", "
                + Runtime.getRuntime().availableProcessors() + " CPU threads";
    }

    private static String setting(String property, String env, String fallback) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(env);
        }
        return v == null || v.isBlank() ? fallback : v;
    }
}
