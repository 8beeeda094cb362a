package org.tlnlp.lesson05.bench;

import java.lang.reflect.Method;

/**
 * Whether PyTorch records an autograd graph on this thread, and a switch for it: the benchmark's minimal
 * no-gradient scope.
 *
 * <p>What DJL 0.33 offers: PyTorch's grad mode is a per-thread flag; {@code PtEngine} turns it off (through
 * {@code JniUtils.setGradMode(false)}) on the thread that starts the engine, and a {@code GradientCollector}
 * turns it on until it is closed. Nothing engine-neutral turns it off on another thread ({@code ParameterStore}'s
 * {@code training} flag only chooses parameter copies, and parameters always require gradients). So a forward pass
 * on any other thread records a graph. This benchmark runs every forward pass on its main thread, which starts
 * the engine; this class checks that, and would switch the flag off otherwise. It goes through reflection because
 * the lesson also compiles without PyTorch (the MXNet profile), where it does nothing.
 */
final class GradMode implements AutoCloseable {

    private static final Method IS = find("isGradMode");
    private static final Method SET = find("setGradMode", boolean.class);
    private final Boolean before;

    private GradMode(Boolean before) {
        this.before = before;
    }

    /** Turns gradient recording off on this thread until {@link #close()} restores it. */
    static GradMode off() {
        Boolean before = isOn();
        set(false);
        return new GradMode(before);
    }

    /** True or false on PyTorch; null on an engine without a grad mode. */
    static Boolean isOn() {
        try {
            return IS == null ? null : (Boolean) IS.invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PyTorch's intra-op threads, or -1 on another engine. */
    static int pyTorchThreads() {
        Method m = find("getNumThreads");
        try {
            return m == null ? -1 : (Integer) m.invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void set(boolean on) {
        try {
            if (SET != null) {
                SET.invoke(null, on);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Method find(String name, Class<?>... args) {
        try {
            return Class.forName("ai.djl.pytorch.jni.JniUtils").getMethod(name, args);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return null;
        }
    }

    @Override
    public void close() {
        if (before != null) {
            set(before);
        }
    }
}
