package org.tlnlp.analysis;

import org.tlnlp.nn.HostArrays;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmark of {@link KMeans} against scikit-learn (issue 13, item 6): the same rows, the same initial
 * centroids, the same number of Lloyd iterations and of mini-batch steps. Not a test: a main in the test sources,
 * so that timing never decides whether the build passes. The Python side runs first and writes the data it timed:
 *
 * <pre>
 *   OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 /usr/bin/python3 tools/reference/analysis_sklearn.py \
 *       bench /tmp/kmeans-bench.json 100000 64 256 20 1024 5
 *   mvn -q -o -pl shared test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 *   java -cp shared/target/test-classes:shared/target/classes:$(cat /tmp/cp.txt) \
 *       org.tlnlp.analysis.KMeansBench /tmp/kmeans-bench.json
 * </pre>
 *
 * It prints each side's time, the ratio, both inertias, and each side's matmul rate and threads, as the course's
 * benchmarks do.
 */
public final class KMeansBench {

    private KMeansBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: KMeansBench FILE (written by analysis_sklearn.py bench)");
            System.exit(2);
        }
        JsonObject py;
        try (Reader r = Files.newBufferedReader(Path.of(args[0]))) {
            py = JsonParser.parseReader(r).getAsJsonObject();
        }
        int iterations = py.get("iterations").getAsInt();
        int batch = py.get("batch").getAsInt();
        int steps = py.get("steps").getAsInt();
        float[][] x = readRows(Path.of(args[0]).resolveSibling(py.get("x_file").getAsString()),
                py.get("n").getAsInt(), py.get("d").getAsInt());
        float[][] init = Golden.floatRows(py.get("init"));
        try (NDManager m = Engines.newManager()) {
            NDArray xs = HostArrays.matrix(m, x);
            NDArray start = HostArrays.matrix(m, init);
            double gflops = matmulRate(m);
            KMeans.lloyd(xs, start, 1).close(); // warm-up, as the Python side does
            long t0 = System.nanoTime();
            double lloydInertia;
            int lloydSteps;
            try (KMeans km = KMeans.lloyd(xs, start, iterations)) {
                lloydInertia = km.inertia(xs);
                lloydSteps = km.steps();
            }
            double lloydS = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            double miniInertia;
            try (KMeans km = KMeans.miniBatch(xs, start, batch, steps, new Rng(0))) {
                miniInertia = km.inertia(xs); // scikit-learn's fit also ends with one pass over all rows
            }
            double miniS = (System.nanoTime() - t0) / 1e9;
            double pyLloyd = py.get("sklearn_lloyd_s").getAsDouble();
            double pyMini = py.get("sklearn_minibatch_s").getAsDouble();
            System.out.printf("data: n=%d d=%d k=%d; Lloyd %d iterations; mini-batch %d steps of %d%n",
                    py.get("n").getAsInt(), py.get("d").getAsInt(), py.get("k").getAsInt(), iterations, steps, batch);
            System.out.printf("engine: %s, matmul 2048² %.0f GFLOP/s, intra-op threads %s%n", Engines.describe(), gflops,
                    System.getenv().getOrDefault("OMP_NUM_THREADS", "default"));
            System.out.printf("scikit-learn %s: NumPy matmul %.0f GFLOP/s, threads %s%n",
                    py.getAsJsonObject("versions").get("sklearn").getAsString(),
                    py.get("numpy_matmul_gflops").getAsDouble(), py.get("threads").getAsString());
            System.out.printf("| | course (DJL) | scikit-learn | speed ratio |%n|---|---|---|---|%n");
            System.out.printf("| Lloyd, %d iterations | %.3f s (ran %d, inertia %.6g) | %.3f s (ran %d, inertia %.6g) | %.2f× |%n",
                    iterations, lloydS, lloydSteps, lloydInertia, pyLloyd,
                    py.get("sklearn_lloyd_iterations_run").getAsInt(), py.get("sklearn_lloyd_inertia").getAsDouble(),
                    pyLloyd / lloydS);
            System.out.printf("| mini-batch, %d steps | %.3f s (inertia %.6g) | %.3f s (inertia %.6g) | %.2f× |%n",
                    steps, miniS, miniInertia, pyMini, py.get("sklearn_minibatch_inertia").getAsDouble(), pyMini / miniS);
        }
    }

    /** n rows of d little-endian float32 values, as NumPy's tofile writes them. */
    private static float[][] readRows(Path file, int n, int d) throws java.io.IOException {
        java.nio.FloatBuffer f = java.nio.ByteBuffer.wrap(Files.readAllBytes(file))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        if (f.remaining() != (long) n * d) {
            throw new IllegalArgumentException(file + " holds " + f.remaining() + " floats, expected " + n + " × " + d);
        }
        float[][] x = new float[n][d];
        for (float[] row : x) {
            f.get(row);
        }
        return x;
    }

    /** GFLOP/s of a 2048×2048 float32 matrix product on the engine. */
    private static double matmulRate(NDManager m) {
        try (NDManager scope = m.newSubManager()) {
            NDArray a = scope.randomUniform(0, 1, new ai.djl.ndarray.types.Shape(2048, 2048));
            a.matMul(a).close();
            long t = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                a.matMul(a).toFloatArray();
            }
            return 3 * 2.0 * Math.pow(2048, 3) / ((System.nanoTime() - t) / 1e9) / 1e9;
        }
    }
}
