package org.tlnlp.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A benchmark's peer: a reference script run with Debian's Python ({@code /usr/bin/python3}, which has
 * python3-torch), at its best setting: OpenBLAS on all the given threads, with the SkylakeX kernels (Debian's
 * reference BLAS is about 50 times slower for matrix products, and OpenBLAS's auto-detection picks old kernels
 * on this CPU).
 *
 * @param exitCode what the script returned (0: it ran)
 * @param output   what it printed, standard error included
 */
public record PythonPeer(int exitCode, String output) {

    /** Runs {@code script} with the arguments and waits for it. */
    public static PythonPeer run(Path script, int threads, Object... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script.toString()));
        for (Object a : args) {
            command.add(String.valueOf(a));
        }
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("OPENBLAS_NUM_THREADS", String.valueOf(threads));
        pb.environment().put("OMP_NUM_THREADS", String.valueOf(threads));
        pb.environment().putIfAbsent("OPENBLAS_CORETYPE", "SkylakeX");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return new PythonPeer(p.waitFor(), output);
    }

    /** The OpenBLAS kernels the peer runs with. */
    public static String coreType() {
        String set = System.getenv("OPENBLAS_CORETYPE");
        return set == null ? "SkylakeX" : set;
    }
}
