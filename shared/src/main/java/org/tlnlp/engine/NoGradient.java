package org.tlnlp.engine;

import java.lang.reflect.Method;
import java.util.function.Supplier;

/**
 * A stretch of code, on the current thread, in which the engine records no gradients: every inference path of
 * the library runs inside one, so that a forward pass never builds an autograd graph it will not use.
 *
 * <p>Why it is needed: PyTorch's grad mode is a per-thread flag, on by default. DJL 0.33 turns it off only on the
 * thread that starts the engine, and a {@code GradientCollector} turns it on and off again; nothing engine-neutral
 * turns it off on another thread ({@code ParameterStore}'s {@code training} flag only chooses parameter copies,
 * and parameters always require gradients). So a forward pass on any other thread — a notebook kernel's executor,
 * a server's request thread, a parallel evaluation — records a graph: slower, and its memory lives as long as
 * the outputs. MXNet records only inside a {@code GradientCollector}, so there this class does nothing.
 *
 * <p>It restores the mode it found, so it can be nested and used inside training code (an evaluation callback)
 * without switching gradients off for the training step that follows. PyTorch is reached through reflection
 * because the library also builds without it (the MXNet profile).
 */
public final class NoGradient implements AutoCloseable {

    private static final Method IS = find("isGradMode");
    private static final Method SET = find("setGradMode", boolean.class);

    private final Boolean before;

    private NoGradient(Boolean before) {
        this.before = before;
    }

    /** Turns gradient recording off on this thread until {@link #close()} restores what it was. */
    public static NoGradient open() {
        Boolean before = recording();
        if (Boolean.TRUE.equals(before)) {
            set(false);
        }
        return new NoGradient(before);
    }

    /** Runs {@code work} with gradient recording off on this thread, and returns its result. */
    public static <T> T call(Supplier<T> work) {
        try (NoGradient ignored = open()) {
            return work.get();
        }
    }

    /**
     * Whether the engine records gradients on this thread now: true or false on PyTorch, null on an engine without
     * a per-thread grad mode (MXNet).
     */
    public static Boolean recording() {
        if (IS == null || !"PyTorch".equals(Engines.engine().getEngineName())) {
            return null;
        }
        try {
            return (Boolean) IS.invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read PyTorch's grad mode", e);
        }
    }

    private static void set(boolean on) {
        try {
            SET.invoke(null, on);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot set PyTorch's grad mode", e);
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
        if (Boolean.TRUE.equals(before)) {
            set(true);
        }
    }
}
