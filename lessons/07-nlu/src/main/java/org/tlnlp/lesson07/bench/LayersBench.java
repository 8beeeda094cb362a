package org.tlnlp.lesson07.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.tlnlp.analysis.KMeans;
import org.tlnlp.analysis.MutualInformation;
import org.tlnlp.analysis.layers.BertLayers;
import org.tlnlp.analysis.layers.BrownSample;
import org.tlnlp.analysis.layers.LayerStates;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.io.AtomicFiles;
import org.tlnlp.lab.LabReport;
import org.tlnlp.models.Pretrained;
import org.tlnlp.nn.HostArrays;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How long the layer-evolution measures take on BERT-base uncased ({@code ./course bench layers [--quick]}): the
 * per-word vectors of 50,000 held-out Brown words at all 13 layers (embeddings and 12 blocks, streamed to disk), then
 * for every layer mini-batch k-means on all the words and the mutual information between cluster and word; and, in the
 * same run, our k-means against scikit-learn's on the top layer's vectors (the same rows, initial centroids, Lloyd
 * iterations and mini-batch steps; {@code tools/reference/analysis_sklearn.py bench-rows}). Writes
 * {@code results/bench/layers.md} ({@code --quick}: 5,000 words, {@code results/bench/layers-quick.md}).
 */
public final class LayersBench {

    private LayersBench() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        int words = quick ? 5_000 : 50_000;
        int k = 256;
        int batch = 1024;
        int steps = 100;
        int iterations = 10;
        Path root = LabReport.repositoryRoot();
        StringBuilder md = new StringBuilder();
        long start = System.nanoTime();
        try (NDManager m = Engines.newManager()) {
            long t0 = System.nanoTime();
            Pretrained.BertModel base = Pretrained.bertBaseUncasedEncoder(m);
            double load = seconds(t0);
            BrownSample sample = BrownSample.heldOut(words, 40);
            int[] types = sample.types();
            t0 = System.nanoTime();
            List<String> rows = new ArrayList<>();
            double kmeansTotal = 0;
            double miTotal = 0;
            double extract;
            Path x = Files.createTempFile("layers-bench", ".f32");
            int n;
            int d;
            try (LayerStates states = new BertLayers("BERT-base", base.model(), base.tokenizer(), 128).extract(sample, 16)) {
                extract = seconds(t0);
                n = states.rows();
                d = states.dim(states.layers() - 1);
                for (int l = 0; l < states.layers(); l++) {
                    try (NDManager scope = m.newSubManager()) {
                        NDArray v = states.layer(l, scope);
                        long t1 = System.nanoTime();
                        int[] clusters;
                        try (KMeans km = KMeans.miniBatch(v, KMeans.Settings.of(k).withBatchSize(batch).withSteps(steps),
                                new Rng(l))) {
                            clusters = km.clusters(v);
                        }
                        double kmS = seconds(t1);
                        t1 = System.nanoTime();
                        double mi = MutualInformation.nats(clusters, types);
                        double miS = seconds(t1);
                        kmeansTotal += kmS;
                        miTotal += miS;
                        rows.add(String.format(Locale.ROOT, "| %s | %.2f | %.3f | %.3f |", states.names().get(l), kmS, miS, mi));
                        System.out.println(rows.get(rows.size() - 1));
                        if (l == states.layers() - 1) {
                            float[] flat = v.toFloatArray();
                            ByteBuffer b = ByteBuffer.allocate(flat.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                            b.asFloatBuffer().put(flat);
                            Files.write(x, b.array());
                        }
                    }
                }
            }
            md.append("# Benchmark: the layer-evolution measures on BERT-base uncased\n\n");
            md.append("Written by `./course bench layers").append(quick ? " --quick" : "").append("`: ")
                    .append(Engines.describe()).append(", ").append(Runtime.getRuntime().availableProcessors())
                    .append(" cores. The machine is shared with other work: times are wall-clock under load.\n\n");
            md.append(String.format(Locale.ROOT, "%,d held-out Brown words (%,d sentences, at most 128 word pieces each; a "
                            + "word is its first piece's vector), 13 layers of width %d: loading BERT-base %.1f s; reading "
                            + "the words and streaming every layer to disk %.1f s (%.0f words/s); mini-batch k-means "
                            + "(k = %d, %d steps of %d) on all %,d words of each layer %.1f s in all; MI between cluster "
                            + "and word %.2f s in all. **Extraction + k-means + MI: %.1f s.**%n%n", n,
                    sample.sentences().size(), d, load, extract, n / extract, k, steps, batch, n, kmeansTotal, miTotal,
                    extract + kmeansTotal + miTotal));
            md.append("| layer | k-means s | MI s | I(cluster; word), nats |\n|---|---:|---:|---:|\n")
                    .append(String.join("\n", rows)).append("\n\n");
            md.append(sklearnRow(root, x, n, d, k, iterations, batch, steps, m));
            Files.deleteIfExists(x);
        }
        md.append(String.format(Locale.ROOT, "%nTotal wall time %.0f s.%n", seconds(start)));
        Path out = root.resolve("results/bench/" + (quick ? "layers-quick.md" : "layers.md"));
        AtomicFiles.writeString(out, md.toString());
        System.out.println(md);
        System.out.println("Report: " + out);
    }

    /** Our k-means and scikit-learn's on the same rows from the same initial centroids. */
    private static String sklearnRow(Path root, Path x, int n, int d, int k, int iterations, int batch, int steps,
                                     NDManager m) throws Exception {
        Path json = Files.createTempFile("layers-bench", ".json");
        int epochs = Math.max(1, (int) Math.round((double) steps * batch / n));
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", root.resolve("tools/reference/analysis_sklearn.py")
                .toString(), "bench-rows", json.toString(), x.toString(), Integer.toString(n), Integer.toString(d),
                Integer.toString(k), Integer.toString(iterations), Integer.toString(batch), Integer.toString(epochs))
                .inheritIO();
        pb.environment().putIfAbsent("OMP_NUM_THREADS", "2");
        pb.environment().putIfAbsent("OPENBLAS_NUM_THREADS", "2");
        if (pb.start().waitFor() != 0) {
            return "scikit-learn's side did not run (/usr/bin/python3 with python3-sklearn is needed).\n";
        }
        JsonObject py = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        Files.deleteIfExists(json);
        int pySteps = py.get("steps").getAsInt();
        try (NDManager scope = m.newSubManager()) {
            float[] flat = new float[n * d];
            ByteBuffer.wrap(Files.readAllBytes(x)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(flat);
            NDArray xs = scope.create(flat, new ai.djl.ndarray.types.Shape(n, d));
            float[][] init = new float[k][];
            var rows = py.getAsJsonArray("init");
            for (int i = 0; i < k; i++) {
                var r = rows.get(i).getAsJsonArray();
                init[i] = new float[d];
                for (int j = 0; j < d; j++) {
                    init[i][j] = r.get(j).getAsFloat();
                }
            }
            NDArray start = HostArrays.matrix(scope, init);
            KMeans.lloyd(xs, start, 1).close(); // warm-up, as the Python side does
            long t0 = System.nanoTime();
            double lloydInertia;
            try (KMeans km = KMeans.lloyd(xs, start, iterations)) {
                lloydInertia = km.inertia(xs);
            }
            double lloydS = seconds(t0);
            t0 = System.nanoTime();
            double miniInertia;
            try (KMeans km = KMeans.miniBatch(xs, start, batch, pySteps, new Rng(0))) {
                miniInertia = km.inertia(xs);
            }
            double miniS = seconds(t0);
            double pyLloyd = py.get("sklearn_lloyd_s").getAsDouble();
            double pyMini = py.get("sklearn_minibatch_s").getAsDouble();
            return String.format(Locale.ROOT, "k-means on the top layer's %,d × %d vectors, k = %d, the same initial "
                            + "centroids (scikit-learn %s, threads %s; NumPy matmul %.0f GFLOP/s):%n%n"
                            + "| | course (DJL) | scikit-learn | scikit-learn time / ours |%n|---|---|---|---:|%n"
                            + "| Lloyd, %d iterations | %.2f s (inertia %.6g) | %.2f s (ran %d, inertia %.6g) | %.2f |%n"
                            + "| mini-batch, %d steps of %d | %.2f s (inertia %.6g) | %.2f s (inertia %.6g) | %.2f |%n",
                    n, d, k, py.getAsJsonObject("versions").get("sklearn").getAsString(), py.get("threads").getAsString(),
                    py.get("numpy_matmul_gflops").getAsDouble(), iterations, lloydS, lloydInertia, pyLloyd,
                    py.get("sklearn_lloyd_iterations_run").getAsInt(), py.get("sklearn_lloyd_inertia").getAsDouble(),
                    pyLloyd / lloydS, pySteps, batch, miniS, miniInertia, pyMini,
                    py.get("sklearn_minibatch_inertia").getAsDouble(), pyMini / miniS);
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
