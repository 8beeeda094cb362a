package org.tlnlp.lesson06.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import org.tlnlp.data.BrownCorpus;
import org.tlnlp.data.BrownTasks;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.io.AtomicFiles;
import org.tlnlp.lab.LabReport;
import org.tlnlp.lab.PythonPeer;
import org.tlnlp.models.gpt2.Gpt2;
import org.tlnlp.models.gpt2.Gpt2Config;
import org.tlnlp.models.gpt2.LmBatch;
import org.tlnlp.models.gpt2.LmBatches;
import org.tlnlp.models.gpt2.Sampling;
import org.tlnlp.text.ByteLevelBpe;
import org.tlnlp.train.BatchSource;
import org.tlnlp.train.Recipe;
import org.tlnlp.train.TrainLoop;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.tlnlp.lab.Timing.loadAverage;
import static org.tlnlp.lab.Timing.interleaved;
import static org.tlnlp.lab.Timing.median;
import static org.tlnlp.lab.Timing.time;

/**
 * {@code ./course bench gpt2}: three measurements, each against a peer in the same run, reported as ratios
 * in {@code results/bench/gpt2.md}.
 *
 * <ol>
 *   <li>BPE encoding of all of Brown with GPT-2's ranks: ours vs JTokkit (same process).</li>
 *   <li>Training tokens per second of our GPT-2 vs the same architecture in plain PyTorch
 *       ({@code tools/reference/gpt2_torch.py bench}, the system's python3-torch), same sizes, same threads.</li>
 *   <li>Generation tokens per second with and without the KV cache.</li>
 *   <li>GPT-2 small's shape, ours vs ONNX Runtime on the same weights exported to ONNX
 *       ({@code tools/reference/gpt2_onnx_export.py}): a 1 × 16 forward pass and greedy decoding with the cache.</li>
 * </ol>
 * Nothing here is a test: timings vary from run to run and machine to machine.
 */
public final class Gpt2Bench {

    /** The lab's quick model: the sizes the training comparison uses. */
    static final Gpt2Config TRAIN = new Gpt2Config(4, 4, 128, 128, 1024, 1e-5f, 0f);
    static final int BATCH = 16;

    private Gpt2Bench() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Arrays.asList(args).contains("--quick");
        Path root = LabReport.repositoryRoot();
        if (Arrays.asList(args).contains("--training-only")) { // section 2 alone, to compare settings such as OMP_WAIT_POLICY
            System.out.println(training(root, 10, 3));
            return;
        }
        if (Arrays.asList(args).contains("--onnx-smoke")) { // the ONNX Runtime section alone, on a tiny model
            System.out.println(onnxRuntime(root, new Gpt2Config(2, 4, 64, 64, 512, 1e-5f, 0f), 8, 2));
            return;
        }
        StringBuilder md = new StringBuilder("# Benchmark: GPT-2 (lesson 06)\n\nWritten by `./course bench gpt2`"
                + (quick ? " --quick" : "") + "; every number is an output of that run.\n\n");
        md.append("| run | |\n|---|---|\n");
        md.append("| date | ").append(Instant.now()).append(" |\n");
        md.append("| machine | ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
                .append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores |\n");
        md.append("| java | ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.version")).append(" |\n");
        md.append("| engine | ").append(Engines.describe()).append("; OMP_WAIT_POLICY=")
                .append(System.getenv().getOrDefault("OMP_WAIT_POLICY", "(unset)")).append(" |\n");
        md.append("| load average at the start | ").append(loadAverage()).append(" (the end's is below) |\n\n");
        System.out.println("GPT-2 benchmarks on " + Engines.describe());

        md.append(bpe(quick ? 2 : 5));
        md.append(longPiece(quick ? 1 : 3));
        md.append(training(root, quick ? 10 : 40, quick ? 3 : 5));
        md.append(generation(quick ? 50 : 200));
        md.append(onnxRuntime(root, new Gpt2Config(12, 12, 768, 1024, 50257, 1e-5f, 0f), quick ? 32 : 100,
                quick ? 5 : 15));
        md.append("Load average at the end: ").append(loadAverage()).append(".\n");
        Path out = root.resolve("results/bench/gpt2.md");
        AtomicFiles.writeString(out, md.toString());
        System.out.println(md);
        System.out.println("Written to " + out);
    }

    // ------------------------------------------------------------------ 1. BPE

    static String bpe(int passes) {
        List<String> docs = BrownCorpus.load().documents().stream().map(BrownTasks::text).toList();
        long bytes = docs.stream().mapToLong(d -> d.getBytes(StandardCharsets.UTF_8).length).sum();
        Encoding jtokkit = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.R50K_BASE);
        ByteLevelBpe ours = ByteLevelBpe.r50k();
        long tokens = 0;
        for (String d : docs) { // warm-up of both (JIT), and the token count
            tokens += jtokkit.encodeOrdinary(d).size();
            ours.encode(d);
        }
        double[] theirs = new double[passes];
        double[] warm = new double[passes];
        double[] cold = new double[passes];
        for (int p = 0; p < passes; p++) {
            theirs[p] = time(() -> docs.forEach(jtokkit::encodeOrdinary));
            warm[p] = time(() -> docs.forEach(ours::encode));
            ours.clearCache();
            cold[p] = time(() -> docs.forEach(ours::encode));
        }
        double t = median(theirs);
        double w = median(warm);
        double c = median(cold);
        String row = "| %s | %.2f | %,.0f | %.2f |\n";
        return "## 1. Byte-level BPE encoding (GPT-2's r50k ranks)\n\n"
                + String.format(Locale.ROOT, "All 500 Brown documents (%.1f MB, %,d tokens), median of %d passes after a "
                        + "warm-up pass; same JVM, one thread.\n\n", bytes / 1e6, tokens, passes)
                + "| encoder | seconds | tokens/s | ratio to JTokkit |\n|---|---:|---:|---:|\n"
                + String.format(Locale.ROOT, row, "JTokkit 1.1.0 `encodeOrdinary`", t, tokens / t, 1.0)
                + String.format(Locale.ROOT, row, "ours, piece cache warm", w, tokens / w, t / w)
                + String.format(Locale.ROOT, row, "ours, cache emptied before the pass", c, tokens / c, t / c)
                + "\nOurs caches the ids of every piece it has encoded (GPT-2's own encoder does the same); JTokkit "
                + "does not. On a cache miss ours merges a piece with a priority queue over linked symbols (O(n log n)), "
                + "which is what the cold row measures. Ratios above 1 mean ours is faster.\n\n";
    }

    // ------------------------------------------------------------------ 1b. one long piece

    /** One piece of a million bytes (Brown's letters run together): ours vs JTokkit, ids checked equal. */
    static String longPiece(int passes) {
        StringBuilder letters = new StringBuilder(1_000_000);
        for (BrownCorpus.Document d : BrownCorpus.load().documents()) {
            for (char c : BrownTasks.text(d).toCharArray()) {
                if (letters.length() < 1_000_000 && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                    letters.append(c);
                }
            }
        }
        String piece = letters.toString();
        Encoding jtokkit = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.R50K_BASE);
        ByteLevelBpe ours = ByteLevelBpe.r50k();
        int[] expected = jtokkit.encodeOrdinary(piece).toArray(); // warm-up of both, and the check
        if (!Arrays.equals(expected, ours.encode(piece))) {
            throw new IllegalStateException("ours and JTokkit disagree on the 1 MB piece");
        }
        double[] theirs = new double[passes];
        double[] mine = new double[passes];
        for (int p = 0; p < passes; p++) {
            theirs[p] = time(() -> jtokkit.encodeOrdinary(piece));
            mine[p] = time(() -> ours.encode(piece));
        }
        double t = median(theirs);
        double o = median(mine);
        return String.format(Locale.ROOT, "### One long piece\n\nOne piece of %,d bytes: the ASCII letters of Brown run "
                + "together, so no space, digit or punctuation cuts it (%,d tokens, the same ids from both); median of %d "
                + "passes after a warm-up pass. Ours merges with a priority queue, O(n log n) in the piece's length, and "
                + "does not cache pieces this long.\n\n| input | JTokkit, s | ours, s | ratio to JTokkit |\n"
                + "|---|---:|---:|---:|\n| 1 MB without spaces: ours vs JTokkit | %.2f | %.2f | %.2f |\n\n",
                piece.length(), expected.length, passes, t, o, t / o);
    }

    // ------------------------------------------------------------------ 2. training

    static String training(Path root, int steps, int warmup) throws Exception {
        int threads = Runtime.getRuntime().availableProcessors();
        double ours;
        double oursGflops;
        try (NDManager manager = Engines.newManager()) {
            new Rng(0).seedEngine();
            Gpt2 gpt = Gpt2.create(TRAIN, manager);
            Random r = new Random(0);
            int[][][] data = new int[warmup + steps][BATCH][];
            for (int[][] b : data) {
                for (int i = 0; i < BATCH; i++) {
                    b[i] = r.ints(TRAIN.context() + 1, 0, TRAIN.vocab()).toArray();
                }
            }
            fit(gpt, data, 0, warmup);
            ours = BATCH * TRAIN.context() * steps / time(() -> fit(gpt, data, warmup, steps));
            oursGflops = matmulGflops(manager);
        }
        Path script = root.resolve("tools/reference/gpt2_torch.py");
        PythonPeer run = PythonPeer.run(script, threads, "bench", TRAIN.layers(), TRAIN.heads(), TRAIN.width(),
                TRAIN.context(), TRAIN.vocab(), BATCH, steps, warmup, threads);
        String output = run.output();
        if (run.exitCode() != 0) {
            return "## 2. Training throughput\n\nThe PyTorch peer did not run (`/usr/bin/python3` with python3-torch is "
                    + "needed): " + output + "\n\n" + String.format(Locale.ROOT, "Ours alone: %,.0f tokens/s.\n\n", ours);
        }
        JsonObject peer = JsonParser.parseString(output.substring(output.lastIndexOf('{'))).getAsJsonObject();
        double theirs = peer.get("tokens_per_s").getAsDouble();
        return "## 2. Training throughput (tokens per second)\n\n"
                + String.format(Locale.ROOT, "The lab's quick model (%d blocks, width %d, %d heads, context %d, vocabulary "
                                + "%d), batches of %d random windows, AdamW, clipping at norm 1, no dropout; %d timed steps "
                                + "after %d warm-up steps, %d threads on each side.\n\n", TRAIN.layers(), TRAIN.width(),
                        TRAIN.heads(), TRAIN.context(), TRAIN.vocab(), BATCH, steps, warmup, threads)
                + "| implementation | tokens/s | 1024² matmul GFLOP/s | threads |\n|---|---:|---:|---:|\n"
                + String.format(Locale.ROOT, "| ours (DJL, %s) | %,.0f | %.0f | %d |\n", Engines.engine().getEngineName(),
                        ours, oursGflops, threads)
                + String.format(Locale.ROOT, "| plain PyTorch %s (python3-torch, `tools/reference/gpt2_torch.py`) | %,.0f | %.0f | %d |\n",
                        peer.get("torch").getAsString(), theirs, peer.get("matmul_gflops").getAsDouble(),
                        peer.get("threads").getAsInt())
                + String.format(Locale.ROOT, "\n**Ratio ours / PyTorch: %.2f.**\n\n", ours / theirs)
                + String.format(Locale.ROOT, "What limits the peer: matrix products (mm, bmm, addmm) take %.0f%% of its "
                        + "step time (PyTorch's profiler, two steps), although its square 1024² product runs at the rate "
                        + "above: Debian's PyTorch %s sends them to the system BLAS (OpenBLAS, `OPENBLAS_CORETYPE=%s`, the "
                        + "fastest of the settings tried; without OpenBLAS it runs on the reference BLAS), which is slow on "
                        + "the thin and transposed shapes of a small model's forward and backward pass. Ours runs DJL's "
                        + "bundled libtorch 2.5.1 with its own MKL-backed kernels.\n\n",
                        100 * peer.get("matmul_share").getAsDouble(), peer.get("torch").getAsString(),
                        PythonPeer.coreType());
    }

    static void fit(Gpt2 gpt, int[][][] data, int from, int steps) {
        BatchSource<LmBatch> source = BatchSource.of(steps, (m, index) -> LmBatches.of(m, data[from + index], new int[BATCH], 0));
        TrainLoop.builder().recipe(Recipe.pretraining(1e-3).withSchedule(Recipe.Shape.CONSTANT)).epochs(1)
                .logEvery(1_000_000).label("bench").build().fit(gpt, source);
    }

    static double matmulGflops(NDManager m) {
        try (NDManager s = m.newSubManager()) {
            NDArray a = s.randomNormal(new Shape(1024, 1024));
            NDArray b = s.randomNormal(new Shape(1024, 1024));
            a.matMul(b).getFloat(0, 0);
            double t = time(() -> {
                for (int i = 0; i < 5; i++) {
                    a.matMul(b).getFloat(0, 0);
                }
            });
            return 2.0 * 1024 * 1024 * 1024 * 5 / t / 1e9;
        }
    }

    // ------------------------------------------------------------------ 3. generation

    static String generation(int tokens) {
        StringBuilder sb = new StringBuilder("## 3. Generation with and without the KV cache\n\n");
        sb.append(String.format(Locale.ROOT, "Greedy decoding of up to %d new tokens after a 16-token prompt, batch 1, random "
                + "weights (speed does not depend on them). Without the cache every step runs the whole sequence again.\n\n",
                tokens));
        sb.append("| model | new tokens | with cache, tokens/s | without, tokens/s | speed-up |\n|---|---:|---:|---:|---:|\n");
        List<Gpt2Config> configs = new ArrayList<>();
        configs.add(new Gpt2Config(4, 4, 128, 512, 1024, 1e-5f, 0f));
        configs.add(new Gpt2Config(12, 12, 768, 1024, 50257, 1e-5f, 0f));
        for (Gpt2Config c : configs) {
            try (NDManager m = Engines.newManager()) {
                new Rng(1).seedEngine();
                Gpt2 g = Gpt2.create(c, m);
                int[] prompt = new Random(2).ints(16, 0, c.vocab()).toArray();
                g.generate(m, prompt, 8, Sampling.greedy(), new Random(0), -1, true); // warm-up
                g.generate(m, prompt, 8, Sampling.greedy(), new Random(0), -1, false);
                int n = c.width() > 256 ? Math.max(16, tokens / 4) : tokens; // the large model without a cache is slow
                double with = n / time(() -> g.generate(m, prompt, n, Sampling.greedy(), new Random(0), -1, true));
                double without = n / time(() -> g.generate(m, prompt, n, Sampling.greedy(), new Random(0), -1, false));
                sb.append(String.format(Locale.ROOT, "| %d blocks, width %d, vocabulary %,d%s | %d | %.1f | %.1f | %.2f× |\n",
                        c.layers(), c.width(), c.vocab(), c.width() == 768 ? " (GPT-2 small's shape)" : "", n, with, without,
                        with / without));
            }
        }
        return sb.append("\nThe cache turns each step from a pass over all t positions into a pass over one, so the "
                + "speed-up grows with the length generated.\n\n").toString();
    }

    // ------------------------------------------------------------------ 4. ONNX Runtime

    /**
     * GPT-2 small's shape with random weights, written as safetensors, exported to ONNX by Debian's PyTorch, and run
     * by ONNX Runtime beside ours: a 1 × 16 forward pass, then greedy decoding of {@code tokens} tokens with the
     * keys and values cached on both sides. The logits and the generated ids are checked equal first.
     */
    static String onnxRuntime(Path root, Gpt2Config c, int tokens, int reps) throws Exception {
        int threads = 2;
        String head = "## 4. Inference: ours vs ONNX Runtime\n\n";
        Path dir = java.nio.file.Files.createTempDirectory("gpt2-onnx");
        try (NDManager m = Engines.newManager()) {
            new Rng(1).seedEngine();
            Gpt2 g = Gpt2.create(c, m);
            Path weights = dir.resolve("model.safetensors");
            org.tlnlp.io.Checkpoints.save(g.namedParameters(), weights, java.util.Map.of("format", "pt"));
            long t0 = System.nanoTime();
            PythonPeer export = PythonPeer.run(root.resolve("tools/reference/gpt2_onnx_export.py"), threads, weights,
                    c.heads(), dir);
            double exportSeconds = (System.nanoTime() - t0) / 1e9;
            if (export.exitCode() != 0) {
                return head + "The export did not run (`/usr/bin/python3` with python3-torch is needed): "
                        + export.output() + "\n\n";
            }
            int[] prompt = new Random(2).ints(16, 0, c.vocab()).toArray();
            try (OrtGpt2 ort = new OrtGpt2(dir, c.layers(), threads)) {
                float worst;
                try (NDManager s = m.newSubManager()) {
                    float[] theirs = ort.logits(prompt);
                    NDArray ours = logits16(g, s, prompt);
                    worst = ours.sub(s.create(theirs, ours.getShape())).abs().max().getFloat();
                }
                int[] mine = g.generate(m, prompt, tokens, Sampling.greedy(), new Random(0), -1, true);
                int[] theirs = ort.generate(prompt, tokens);
                String same = Arrays.equals(mine, theirs) ? "the same " + tokens + " ids from both"
                        : "**the ids differ** (ours " + Arrays.toString(Arrays.copyOf(mine, 8)) + "…, ONNX Runtime "
                        + Arrays.toString(Arrays.copyOf(theirs, 8)) + "…)";
                double[] forward = interleaved(reps * 4, () -> {
                    try (NDManager s = m.newSubManager()) {
                        logits16(g, s, prompt);
                    }
                }, () -> call(() -> ort.logits(prompt)));
                double[] decode = interleaved(reps, () -> g.generate(m, prompt, tokens, Sampling.greedy(),
                        new Random(0), -1, true), () -> call(() -> ort.generate(prompt, tokens)));
                double perOp = perOperationMicros(m, c.width());
                double[] step = decodeStep(g, m, prompt, reps * 4);
                String row = "| %s | %.1f | %.1f | %.2f |\n";
                return head + String.format(Locale.ROOT, "%d blocks, width %d, %d heads, vocabulary %,d, random weights "
                                + "(seed 1), written as safetensors and exported by `tools/reference/gpt2_onnx_export.py` "
                                + "(Debian's PyTorch %s, opset 14, %.0f s) to two graphs: the prompt (returning every "
                                + "block's keys and values) and one new token after cached keys and values. ONNX Runtime %s "
                                + "runs them with every graph optimisation, %d intra-op threads, no spinning; ours has %d "
                                + "threads. Checked first: the 1 × 16 logits agree within %.1e, and greedy decoding gave %s. "
                                + "Medians, ours and the peer's alternating, after 2 warm-up runs each.\n\n"
                                + "| measurement | ours, ms | ONNX Runtime, ms | ratio (theirs ÷ ours) |\n|---|---:|---:|---:|\n",
                        c.layers(), c.width(), c.heads(), c.vocab(), torchVersion(export.output()), exportSeconds,
                        OrtGpt2.version(), threads, threads, worst, same)
                        + String.format(Locale.ROOT, row, "forward pass, 1 × 16 tokens (logits of every position), "
                                + reps * 4 + " runs", 1000 * forward[0], 1000 * forward[1], forward[1] / forward[0])
                        + String.format(Locale.ROOT, row, "greedy decoding, 16-token prompt + " + tokens
                                + " new tokens, per token (prompt included), " + reps + " runs", 1000 * decode[0] / tokens,
                                1000 * decode[1] / tokens, decode[1] / decode[0])
                        + String.format(Locale.ROOT, "\nAbove 1, ours is faster. One engine call costs ours about %.0f µs "
                                + "however little it computes (the median of 2,000 `add`s of two (1, %d) arrays, each "
                                + "result freed), and one decode step makes about %d of them (counted from `Gpt2.forward`: "
                                + "about 30 a block, plus the embeddings, the final LayerNorm and the output layer): "
                                + "%.1f ms a token before any arithmetic.\n\n", perOp, c.width(), 30 * c.layers() + 10,
                                perOp * (30 * c.layers() + 10) / 1000)
                        + String.format(Locale.ROOT, "Where a decode step of ours goes (after the %d-token prompt, "
                                + "median of %d): the whole step %.1f ms; its %d matrix products alone (every block's four "
                                + "and the output layer, each run by itself on a (1, 1, ·) input with the model's weights) "
                                + "%.1f ms, %.0f%% of the step, reading %.0f MB of weights at %.1f GB/s; ONNX Runtime's "
                                + "whole step takes about its per-token time above. At batch 1 every product is a "
                                + "matrix-vector product whose time is the time to read its weights.\n\n", prompt.length,
                                reps * 4, step[0], 4 * c.layers() + 1, step[1], 100 * step[1] / step[0], step[2] / 1e6,
                                step[2] / (step[1] / 1000) / 1e9);
            }
        } finally {
            try (var files = java.nio.file.Files.list(dir)) {
                for (Path f : files.toList()) {
                    java.nio.file.Files.deleteIfExists(f);
                }
            }
            java.nio.file.Files.deleteIfExists(dir);
        }
    }

    /**
     * Milliseconds of one decode step with the cache (after {@code prompt}), milliseconds of the same step's matrix
     * products alone, and the bytes of weights those products read: the step's median over {@code reps} runs.
     */
    static double[] decodeStep(Gpt2 g, NDManager m, int[] prompt, int reps) {
        try (org.tlnlp.engine.NoGradient ignored = org.tlnlp.engine.NoGradient.open(); NDManager s = m.newSubManager()) {
            ai.djl.training.ParameterStore store = new ai.djl.training.ParameterStore(s, false);
            NDArray ids = s.create(prompt).toType(ai.djl.ndarray.types.DataType.INT64, false).reshape(1, prompt.length);
            Gpt2.KvCache past = g.forward(store, ids, null, false, false).cache();
            NDArray next = s.create(new long[] {prompt[0]}, new Shape(1, 1));
            org.tlnlp.nn.ParameterMap w = g.namedParameters();
            List<NDArray[]> products = new ArrayList<>();
            long bytes = 0;
            for (int i = 0; i < g.config().layers(); i++) {
                for (String name : List.of("attn.c_attn", "attn.c_proj", "mlp.c_fc", "mlp.c_proj")) {
                    NDArray weight = w.get("h." + i + "." + name + ".weight").parameter().getArray();
                    NDArray bias = w.get("h." + i + "." + name + ".bias").parameter().getArray();
                    products.add(new NDArray[] {s.ones(new Shape(1, 1, weight.getShape().get(1))), weight, bias});
                    bytes += 4 * (weight.size() + bias.size());
                }
            }
            NDArray wte = w.get("wte.weight").parameter().getArray();
            products.add(new NDArray[] {s.ones(new Shape(1, 1, wte.getShape().get(1))), wte, null});
            bytes += 4 * wte.size();
            double[] whole = new double[reps];
            double[] matmuls = new double[reps];
            for (int r = -2; r < reps; r++) {
                double a = time(() -> {
                    try (NDManager t = s.newSubManager()) {
                        next.tempAttach(t);
                        g.forward(store, next, past, false, false).logits().getFloat(0, 0, 0);
                    }
                });
                double b = time(() -> {
                    for (NDArray[] p : products) {
                        (p[2] == null ? ai.djl.nn.core.Linear.linear(p[0], p[1]) : ai.djl.nn.core.Linear.linear(p[0], p[1],
                                p[2])).singletonOrThrow().close();
                    }
                });
                if (r >= 0) {
                    whole[r] = 1000 * a;
                    matmuls[r] = 1000 * b;
                }
            }
            return new double[] {median(whole), median(matmuls), bytes};
        }
    }

    /** Microseconds per engine call on a tiny array: the median of 2,000 timed {@code add}s, each result freed. */
    static double perOperationMicros(NDManager m, int width) {
        try (NDManager s = m.newSubManager()) {
            NDArray a = s.ones(new Shape(1, width));
            double[] t = new double[2000];
            for (int i = -200; i < t.length; i++) {
                long t0 = System.nanoTime();
                a.add(a).close();
                if (i >= 0) {
                    t[i] = (System.nanoTime() - t0) / 1e3;
                }
            }
            return median(t);
        }
    }

    /** The logits (1, 16, V) of one forward pass without a cache, without recording gradients. */
    static NDArray logits16(Gpt2 g, NDManager s, int[] prompt) {
        try (org.tlnlp.engine.NoGradient ignored = org.tlnlp.engine.NoGradient.open()) {
            NDArray ids = s.create(prompt).toType(ai.djl.ndarray.types.DataType.INT64, false).reshape(1, prompt.length);
            NDArray logits = g.forward(new ai.djl.training.ParameterStore(s, false), ids, null, false, false).logits();
            logits.getFloat(0, 0, 0); // PyTorch on the CPU is synchronous; this only makes the dependency visible
            return logits;
        }
    }

    static String torchVersion(String exportOutput) {
        try {
            return JsonParser.parseString(exportOutput.substring(exportOutput.lastIndexOf('{'))).getAsJsonObject()
                    .get("torch").getAsString();
        } catch (RuntimeException e) {
            return "(version not reported)";
        }
    }

    /** A peer's call that may throw, as a Runnable. */
    interface Call {
        Object run() throws Exception;
    }

    static void call(Call c) {
        try {
            c.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ helpers



}
