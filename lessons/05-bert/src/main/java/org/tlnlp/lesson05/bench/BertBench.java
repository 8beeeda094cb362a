package org.tlnlp.lesson05.bench;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.tlnlp.data.BrownCorpus;
import org.tlnlp.data.BrownTasks;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.NoGradient;
import org.tlnlp.io.AtomicFiles;
import org.tlnlp.lab.LabReport;
import org.tlnlp.models.bert.Bert;
import org.tlnlp.models.bert.BertBaseUncased;
import org.tlnlp.models.bert.MiniLM;
import org.tlnlp.text.BertTokenizer;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.tlnlp.lab.Timing.loadAverage;
import static org.tlnlp.lab.Timing.interleaved;
import static org.tlnlp.lab.Timing.median;
import static org.tlnlp.lab.Timing.time;

/**
 * {@code ./course bench bert}: three measurements, each against a peer in the same JVM, reported as ratios in
 * {@code results/bench/bert.md} (above 1: ours is faster).
 *
 * <ol>
 *   <li>all-MiniLM-L6-v2's forward pass: ours vs ONNX Runtime on the same ONNX file; where ours is slower, where
 *       the time goes, stage by stage, and for one short sentence also with one thread and two, with ONNX Runtime's
 *       weights not pre-packed, and operation by operation under each engine's own profiler
 *       ({@code --small-only} runs that last analysis alone and prints it, writing no file).</li>
 *   <li>WordPiece tokenisation of all of Brown: ours vs Hugging Face's {@code tokenizers} (Rust, through DJL).</li>
 *   <li>BERT-base uncased's forward pass: ours vs TensorFlow on the same SavedModel; and, where ours is slower,
 *       where the time goes, stage by stage, on both sides.</li>
 * </ol>
 * Every forward pass runs on the main thread, which starts the engine, so PyTorch records no autograd graph
 * (and the whole run sits in a {@link NoGradient} scope besides). Both sides get the same thread count; each measurement alternates ours and the peer's
 * runs and reports medians, because the machine may be shared. On a busy machine PyTorch's OpenMP workers must not
 * spin while they wait for each other: {@code ./course bench bert} sets {@code OMP_WAIT_POLICY=PASSIVE} (the report
 * says which policy ran). Nothing here is a test.
 */
public final class BertBench {

    static final int THREADS = 2;
    /** Batch × tokens: one short sentence, and a batch that keeps every core busy. */
    static final int[][] SHAPES = {{1, 16}, {32, 128}};

    private BertBench() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Arrays.asList(args).contains("--quick");
        Engines.engine(); // first: the engine's thread is the one without autograd, and DJL's native libraries load first
        System.setProperty("ai.djl.onnx.disable_alternative", "true");
        Boolean gradBefore = NoGradient.recording();
        try (NoGradient ignored = NoGradient.open()) {
            if (Arrays.asList(args).contains("--small-only")) { // the 1 × 16 analysis alone, printed, no file written
                try (NDManager manager = Engines.newManager(); OrtPeer ort = new OrtPeer(THREADS)) {
                    System.out.println(smallBatch(MiniLM.load(manager), manager, ort,
                            brownIds(MiniLM.tokenizer(), 1, 16), quick));
                }
                return;
            }
            run(quick, gradBefore);
        }
    }

    static void run(boolean quick, Boolean gradBefore) throws Exception {
        Path root = LabReport.repositoryRoot();
        BertTokenizer tokenizer = MiniLM.tokenizer(); // bert-base-uncased's vocabulary, shared by both models
        StringBuilder md = new StringBuilder("# Benchmark: BERT (lesson 05)\n\nWritten by `./course bench bert`"
                + (quick ? " --quick" : "") + "; every number is an output of that run. Ratios are ours ÷ the peer's "
                + "throughput: above 1, ours is faster.\n\n");
        md.append("| run | |\n|---|---|\n");
        md.append("| date | ").append(Instant.now()).append(" |\n");
        md.append("| machine | ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
                .append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ").append(cpuModel())
                .append(" (shared with other jobs: timings vary from run to run) |\n");
        md.append("| java | ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.version")).append(" |\n");
        md.append("| engine | ").append(Engines.describe()).append("; PyTorch intra-op threads: ")
                .append(TorchProfile.threads()).append("; OMP_WAIT_POLICY=")
                .append(System.getenv().getOrDefault("OMP_WAIT_POLICY", "(unset)")).append(" |\n");
        md.append("| load average at the start | ").append(loadAverage()).append(" (the end's is below) |\n");
        md.append("| autograd | grad mode on the benchmark's thread before the benchmark: ")
                .append(gradBefore == null ? "n/a" : gradBefore ? "on (switched off)" : "off").append(" |\n\n");
        System.out.println("BERT benchmarks on " + Engines.describe());

        try (NDManager manager = Engines.newManager()) {
            Rates rates = matmulRates(manager);
            md.append(String.format(Locale.ROOT, "Matrix products (1024 × 1024, float32, %d threads; the median of three "
                            + "measurements taken in turn): ours (DJL's libtorch, MKL) %.0f GFLOP/s, ONNX Runtime (MLAS) "
                            + "%.0f GFLOP/s, TensorFlow (oneDNN/Eigen) %.0f GFLOP/s.\n\n", THREADS, rates.ours(),
                    rates.onnxRuntime(), rates.tensorFlow()));
            md.append(miniLm(manager, tokenizer, quick));
            md.append(wordPiece(tokenizer, quick ? 1 : 3));
            md.append(bertBase(manager, tokenizer, quick));
        }
        md.append("Load average at the end: ").append(loadAverage()).append(".\n");
        Path out = root.resolve("results/bench/bert.md");
        md.append(handWrittenNotes(out));
        AtomicFiles.writeString(out, md.toString());
        System.out.println(md);
        System.out.println("Written to " + out);
    }

    // ------------------------------------------------------------------ 1. MiniLM vs ONNX Runtime

    static String miniLm(NDManager manager, BertTokenizer tokenizer, boolean quick) throws Exception {
        System.out.println("1. MiniLM: ours vs ONNX Runtime");
        Bert bert = MiniLM.load(manager);
        StringBuilder rows = new StringBuilder();
        StringBuilder profiles = new StringBuilder();
        List<String> unpacked = new ArrayList<>();
        try (OrtPeer ort = new OrtPeer(THREADS); OrtPeer plain = new OrtPeer(THREADS, false)) {
            for (int[] bt : SHAPES) {
                long[][] ids = brownIds(tokenizer, bt[0], bt[1]);
                int reps = bt[1] > 16 ? (quick ? 3 : 10) : (quick ? 20 : 100);
                double[] s = interleaved(reps, () -> ours(bert, manager, ids), () -> forward(ort, ids));
                rows.append(row(bt, reps, s));
                double[] packing = interleaved(reps, () -> forward(ort, ids), () -> forward(plain, ids));
                unpacked.add(String.format(Locale.ROOT, "%d × %d: %.1f ms against %.1f ms pre-packed (ours ÷ it: %.2f)",
                        bt[0], bt[1], 1000 * packing[1], 1000 * packing[0], packing[1] / s[0]));
                if (s[0] > s[1]) {
                    profiles.append(profile(bert, manager, ids, s[0], profileReps(bt, quick), "ONNX Runtime",
                            "its own profiler (a session with profiling on, its JSON trace read back), each node's kernel "
                            + "time summed by its name and operator (`Stage.of`). Its graph optimisations fuse GELU with "
                            + "its bias (`BiasGelu`) and fold the attention scale into the q·kᵀ product (`FusedMatMul`).", n -> ort.stages(ids, n)));
                    if (bt[0] == 1 && TorchProfile.available()) {
                        profiles.append(smallBatch(bert, manager, ort, ids, quick));
                    }
                }
            }
        }
        return "## 1. all-MiniLM-L6-v2: ours vs ONNX Runtime\n\n"
                + "The forward pass (last hidden state) of all-MiniLM-L6-v2 (6 layers, hidden 384), on word pieces of "
                + "Brown documents, every token real; our BERT with the weights read from `all-minilm-l6-v2.onnx`, and "
                + "ONNX Runtime " + ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion() + " running that file "
                + "(all graph optimisations, " + THREADS + " intra-op threads, 1 inter-op thread, sequential, idle "
                + "workers not spinning: see `OrtPeer`). Median "
                + "of the runs shown, ours and the peer's alternating, after 2 warm-up runs each.\n\n"
                + "| batch × tokens | runs | ours, ms | ONNX Runtime, ms | ours, tokens/s | ONNX Runtime, tokens/s | "
                + "ratio |\n|---|---:|---:|---:|---:|---:|---:|\n" + rows + "\nThe same peer with its weights not "
                + "pre-packed (`session.disable_prepacking`: by default ONNX Runtime lays each constant weight out once, "
                + "when the session starts, in the blocks its product kernel reads; DJL 0.33 gives ours no such step), timed "
                + "in turn with the pre-packed one: "
                + String.join("; ", unpacked) + ".\n" + profiles + "\n";
    }

    private static void forward(OrtPeer peer, long[][] ids) {
        try {
            peer.forward(ids);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What limits one short sentence: ours and ONNX Runtime with one thread and with two, timed and as their engines'
     * own profilers see them: time inside the operations, time between them, and the operations that take it.
     */
    static String smallBatch(Bert bert, NDManager manager, OrtPeer ort, long[][] ids, boolean quick) throws Exception {
        int reps = quick ? 20 : 100;
        int[] threads = {1, THREADS};
        double[][] medians = new double[3][];
        OpProfile[] mine = new OpProfile[2];
        double[][] floor = new double[2][];
        OpProfile[] theirs = new OpProfile[3]; // 1 thread, THREADS, 1 thread without pre-packed weights
        for (int i = 0; i < 3; i++) {
            int n = threads[i % 2];
            TorchProfile.threads(n);
            try (OrtPeer peer = i == 1 ? null : new OrtPeer(n, i < 2)) {
                OrtPeer p = peer == null ? ort : peer;
                medians[i] = interleaved(reps, () -> ours(bert, manager, ids), () -> forward(p, ids));
                if (i < 2) {
                    mine[i] = TorchProfile.profile(() -> ours(bert, manager, ids), reps);
                    floor[i] = floor(manager, ids[0].length, bert.config().hidden(), reps);
                }
                theirs[i] = p.ops(ids, reps);
            } finally {
                TorchProfile.threads(THREADS);
            }
        }
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "\n#### MiniLM at %d × %d: threads, weight "
                + "layout, and time inside and between operations\n\nEach side with one intra-op thread and with %d "
                + "(ours: libtorch's threads set in the running engine, `torch.set_num_threads`; ONNX Runtime: a session "
                + "with that many), and ONNX Runtime once more with one thread and its weights not pre-packed "
                + "(`session.disable_prepacking`: by default it lays each weight out once, at start, in the blocks its "
                + "product kernel reads). Each timed (median of %d runs, ours and the peer's alternating), then under "
                + "its engine's own profiler (mean of %d passes). Ours: libtorch's profiler, started through DJL's "
                + "`JniUtils`, its Chrome trace read back, top-level ATen operations only (what an operation calls "
                + "inside is its own), against the wall clock around the profiled passes. ONNX Runtime: its profiler's "
                + "node kernel times, against its `model_run` events. Profiling adds its own cost to every operation, so "
                + "the profiled walls are above the medians.\n\n"
                + "| a pass | ours, 1 thread | ours, %d | ONNX Runtime, 1 thread | ONNX Runtime, %d | ONNX Runtime, 1 "
                + "thread, not pre-packed |\n|---|---:|---:|---:|---:|---:|\n", ids.length, ids[0].length, THREADS,
                reps, reps, THREADS, THREADS));
        md.append(String.format(Locale.ROOT, "| median, ms (not profiled) | %.2f | %.2f | %.2f | %.2f | %.2f |\n",
                1000 * medians[0][0], 1000 * medians[1][0], 1000 * medians[0][1], 1000 * medians[1][1],
                1000 * medians[2][1]));
        summaryRow(md, "wall clock, profiled, ms", mine, theirs, p -> 1000 * p.wall());
        summaryRow(md, "inside operations, ms", mine, theirs, p -> 1000 * p.inside());
        summaryRow(md, "between operations, ms", mine, theirs, p -> 1000 * (p.wall() - p.inside()));
        summaryRow(md, "operations", mine, theirs, OpProfile::calls);
        summaryRow(md, "mean time inside one operation, µs", mine, theirs, p -> 1e6 * p.inside() / p.calls());
        summaryRow(md, "mean time between two operations, µs", mine, theirs, p -> 1e6 * (p.wall() - p.inside()) / p.calls());
        md.append(String.format(Locale.ROOT, "| one `add` of two 1×%d×%d arrays, result freed, µs: not profiled | %.1f | "
                + "%.1f | | | |\n", ids[0].length, bert.config().hidden(), floor[0][0], floor[1][0]));
        md.append(String.format(Locale.ROOT, "| the same, profiled: wall clock / inside `aten::add` | %.1f / %.1f | "
                + "%.1f / %.1f | | | |\n", floor[0][1], floor[0][2], floor[1][1], floor[1][2]));
        String n = String.valueOf(THREADS);
        md.append('\n').append(opTable("ours: ATen operation", List.of("1 thread", n), mine)).append('\n');
        md.append(opTable("ONNX Runtime: operator", List.of("1 thread", n, "1, not pre-packed"), theirs)).append('\n');
        return md.toString();
    }

    /**
     * The engine's floor, what one operation costs however little it computes: chains of 200 {@code add}s of two
     * (1, t, hidden) arrays, each result freed at once. Microseconds an operation: the median over {@code reps} chains
     * unprofiled, then under libtorch's profiler the wall clock and the time inside {@code aten::add}.
     */
    static double[] floor(NDManager manager, int t, int hidden, int reps) throws Exception {
        try (NDManager scope = manager.newSubManager()) {
            NDArray a = scope.ones(new Shape(1, t, hidden));
            int n = 200;
            Runnable chain = () -> {
                for (int i = 0; i < n; i++) {
                    a.add(a).close();
                }
            };
            chain.run();
            double[] seconds = new double[reps];
            for (int r = 0; r < reps; r++) {
                seconds[r] = time(chain);
            }
            OpProfile p = TorchProfile.profile(chain, reps);
            return new double[] {1e6 * median(seconds) / n, 1e6 * p.wall() / n, 1e6 * p.inside() / n};
        }
    }

    private static void summaryRow(StringBuilder md, String label, OpProfile[] mine, OpProfile[] theirs,
                                   java.util.function.ToDoubleFunction<OpProfile> f) {
        md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %.1f |\n", label,
                f.applyAsDouble(mine[0]), f.applyAsDouble(mine[1]), f.applyAsDouble(theirs[0]),
                f.applyAsDouble(theirs[1]), f.applyAsDouble(theirs[2])));
    }

    /**
     * Operations side by side in several runs ({@code labels}): µs a call and, for products, GFLOP/s in each. Rows
     * are the operations that take 95 % of the inside time in the run with {@link #THREADS} threads ({@code p[1]}),
     * largest first; the rest on one line.
     */
    static String opTable(String heading, List<String> labels, OpProfile[] p) {
        StringBuilder md = new StringBuilder("| " + heading + " | calls a pass");
        StringBuilder rule = new StringBuilder("|---|---:");
        for (String l : labels) {
            md.append(" | µs a call, ").append(l);
            rule.append("|---:");
        }
        md.append(" | share, ").append(THREADS);
        rule.append("|---:");
        for (String l : labels) {
            md.append(" | GFLOP/s, ").append(l);
            rule.append("|---:");
        }
        md.append(" |\n").append(rule).append("|\n");
        List<Map<String, OpProfile.Op>> byName = new ArrayList<>();
        for (OpProfile q : p) {
            Map<String, OpProfile.Op> m = new java.util.HashMap<>();
            q.ops().forEach(op -> m.put(op.name(), op));
            byName.add(m);
        }
        double shown = 0;
        double restCalls = 0;
        double[] restSeconds = new double[p.length];
        for (OpProfile.Op op : p[1].ops()) {
            boolean show = shown < 0.95 * p[1].inside();
            if (show) {
                md.append(String.format(Locale.ROOT, "| `%s` | %.0f", op.name(), op.calls()));
            } else {
                restCalls += op.calls();
            }
            for (int i = 0; i < p.length; i++) {
                OpProfile.Op o = byName.get(i).get(op.name());
                if (show) {
                    md.append(o == null ? " | –" : String.format(Locale.ROOT, " | %.1f", 1e6 * o.seconds() / o.calls()));
                } else if (o != null) {
                    restSeconds[i] += o.seconds();
                }
            }
            if (show) {
                md.append(String.format(Locale.ROOT, " | %.0f%%", 100 * op.seconds() / p[1].inside()));
                for (int i = 0; i < p.length; i++) {
                    OpProfile.Op o = byName.get(i).get(op.name());
                    md.append(" | ").append(o == null ? "" : gflops(o));
                }
                md.append(" |\n");
                shown += op.seconds();
            }
        }
        if (restCalls > 0) {
            md.append(String.format(Locale.ROOT, "| the rest | %.0f", restCalls));
            for (double r : restSeconds) {
                md.append(String.format(Locale.ROOT, " | %.1f", 1e6 * r / restCalls));
            }
            md.append(String.format(Locale.ROOT, " | %.0f%%", 100 * (p[1].inside() - shown) / p[1].inside()));
            md.append(" |".repeat(p.length)).append(" |\n");
        }
        return md.toString();
    }

    private static String gflops(OpProfile.Op op) {
        return op.flops() > 0 ? String.format(Locale.ROOT, "%.0f", op.flops() / op.seconds() / 1e9) : "";
    }

    static void ours(Bert bert, NDManager manager, long[][] ids) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray[] in = inputs(scope, ids);
            bert.forward(new ParameterStore(scope, false), in[0], in[1], in[2], false, false).lastHidden();
        }
    }

    /** Ids, token types (0) and mask (1) as (B, T) int64 arrays. */
    static NDArray[] inputs(NDManager m, long[][] ids) {
        int b = ids.length;
        int t = ids[0].length;
        Shape s = new Shape(b, t);
        return new NDArray[] {m.create(Arrays.stream(ids).flatMapToLong(Arrays::stream).toArray(), s),
                m.zeros(s, ai.djl.ndarray.types.DataType.INT64), m.ones(s, ai.djl.ndarray.types.DataType.INT64)};
    }

    // ------------------------------------------------------------------ 2. WordPiece vs Hugging Face

    static String wordPiece(BertTokenizer ours, int passes) throws Exception {
        System.out.println("2. WordPiece: ours vs Hugging Face's tokenizers");
        List<BrownCorpus.Document> docs = BrownCorpus.load().documents();
        List<String> sentences = new ArrayList<>();
        List<String> documents = new ArrayList<>();
        for (BrownCorpus.Document d : docs) {
            documents.add(BrownTasks.text(d));
            d.sentences().forEach(s -> sentences.add(BrownTasks.text(s)));
        }
        Path json = Files.createTempFile("all-minilm-l6-v2-tokenizer", ".json");
        try (InputStream in = MiniLM.open(MiniLM.TOKENIZER_RESOURCE)) {
            Files.copy(in, json, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        StringBuilder rows = new StringBuilder();
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.builder().optTokenizerPath(json).optAddSpecialTokens(true)
                .optTruncation(false).optPadding(false).build()) {
            for (List<String> texts : List.of(sentences, documents)) {
                long tokens = 0;
                int mismatches = 0;
                for (String s : texts) { // warm-up of both (JIT), the token count and a check that the ids agree
                    int[] mine = ours.encode(s).ids();
                    long[] theirs = hf.encode(s).getIds();
                    tokens += mine.length;
                    if (!Arrays.equals(Arrays.stream(mine).asLongStream().toArray(), theirs)) {
                        mismatches++;
                    }
                }
                double[] s = interleaved(passes, () -> texts.forEach(ours::encode), () -> texts.forEach(hf::encode));
                rows.append(String.format(Locale.ROOT, "| %s (%,d texts, %,d tokens) | %d | %.2f | %.2f | %,.0f | %,.0f "
                                + "| %.2f |\n", texts == sentences ? "Brown, sentence by sentence" : "Brown, document by document",
                        texts.size(), tokens, passes, s[0], s[1], tokens / s[0], tokens / s[1], s[1] / s[0]));
                if (mismatches > 0) {
                    rows.append("| (").append(mismatches).append(" texts got different ids) | | | | | | |\n");
                }
            }
        } finally {
            Files.deleteIfExists(json);
        }
        return "## 2. WordPiece tokenisation: ours vs Hugging Face's tokenizers\n\n"
                + "Every Brown sentence, then every Brown document as one text, encoded with [CLS] and [SEP], no "
                + "truncation or padding, one text at a time on one thread: ours (`BertTokenizer.encode`) and Hugging "
                + "Face's `tokenizers` (Rust) through DJL's `HuggingFaceTokenizer.encode`, both from all-MiniLM-L6-v2's "
                + "`tokenizer.json` (bert-base-uncased's vocabulary). Both return the tokens and ids (Hugging Face's also "
                + "offsets and masks, copied over JNI). The warm-up pass checked that both give the same ids. Median of "
                + "the passes, alternating.\n\n"
                + "| texts | passes | ours, s | Hugging Face, s | ours, tokens/s | Hugging Face, tokens/s | ratio |\n"
                + "|---|---:|---:|---:|---:|---:|---:|\n" + rows + "\n";
    }

    // ------------------------------------------------------------------ 3. BERT-base vs TensorFlow

    static String bertBase(NDManager manager, BertTokenizer tokenizer, boolean quick) throws Exception {
        System.out.println("3. BERT-base: ours vs TensorFlow");
        long t0 = System.nanoTime();
        Bert bert = BertBaseUncased.load(manager).bert();
        double oursLoad = (System.nanoTime() - t0) / 1e9;
        StringBuilder rows = new StringBuilder();
        StringBuilder profiles = new StringBuilder();
        try (TensorFlowBert tf = new TensorFlowBert(THREADS)) {
            String loads = String.format(Locale.ROOT, "Loading: ours %.1f s (jar → tensor bundle in memory → model, no "
                    + "file written); TensorFlow %.1f s (extract the SavedModel from the jar to a folder, %.1f s, then "
                    + "`SavedModelBundle.load`, %.1f s).\n\n", oursLoad, tf.extractSeconds + tf.loadSeconds,
                    tf.extractSeconds, tf.loadSeconds);
            for (int[] bt : SHAPES) {
                long[][] ids = brownIds(tokenizer, bt[0], bt[1]);
                int[][] ids32 = Arrays.stream(ids).map(r -> Arrays.stream(r).mapToInt(v -> (int) v).toArray())
                        .toArray(int[][]::new);
                int reps = bt[1] > 16 ? (quick ? 2 : 5) : (quick ? 10 : 50);
                double[] s = interleaved(reps, () -> ours(bert, manager, ids), () -> tf.forward(ids32));
                rows.append(row(bt, reps, s));
                if (s[0] > s[1]) {
                    profiles.append(profile(bert, manager, ids, s[0], profileReps(bt, quick), "TensorFlow",
                            "one traced run per pass (`RunOptions` FULL_TRACE), each node's time summed by its name scope "
                            + "and operation (`Stage.of`); with " + THREADS + " inter-op threads nodes may overlap, and "
                            + "tracing adds its own cost to small nodes. Its oneDNN graph fuses each dense layer's "
                            + "product with its bias (and the feed-forward output's with its residual add).",
                            n -> {
                                Map<Stage, Double> mean = new java.util.EnumMap<>(Stage.class);
                                for (int r = 0; r < n; r++) {
                                    tf.stages(ids32).forEach((k, v) -> mean.merge(k, v / n, Double::sum));
                                }
                                return mean;
                            }));
                }
            }
            return "## 3. BERT-base uncased: ours vs TensorFlow\n\n"
                    + "The forward pass (last hidden state and pooled [CLS]) of BERT-base uncased (12 layers, hidden "
                    + "768), on word pieces of Brown documents, every token real: ours, loaded by "
                    + "`Pretrained.bertBaseUncased`, and TensorFlow " + TensorFlowBert.version() + " (TensorFlow Java) "
                    + "running the same SavedModel (" + THREADS + " intra-op and " + THREADS + " inter-op threads). Median "
                    + "of the runs shown, alternating, after 2 warm-up runs each.\n\n"
                    + "| batch × tokens | runs | ours, ms | TensorFlow, ms | ours, tokens/s | TensorFlow, tokens/s | "
                    + "ratio |\n|---|---:|---:|---:|---:|---:|---:|\n" + rows + "\n" + loads + profiles;
        }
    }

    /** A peer's seconds per forward pass, by stage, measured over {@code reps} passes. */
    @FunctionalInterface
    interface PeerStages {
        Map<Stage, Double> measure(int reps) throws Exception;
    }

    /**
     * Where the time goes at one shape: ours stage by stage ({@link BertStages}) beside the peer's own profile,
     * each the mean of {@code reps} passes.
     */
    static String profile(Bert bert, NDManager manager, long[][] ids, double oursMedian, int reps, String peer,
                          String peerMethod, PeerStages peerStages) throws Exception {
        BertStages stages = new BertStages(bert);
        double worst;
        try (NDManager scope = manager.newSubManager()) { // the replay computes what the model computes
            NDArray[] in = inputs(scope, ids);
            NDArray model = bert.forward(new ParameterStore(scope, false), in[0], in[1], in[2], false, false).lastHidden();
            worst = model.sub(stages.forward(scope, in[0], in[1], in[2])).abs().max().getFloat();
        }
        stages.reset();
        long t0 = System.nanoTime();
        for (int r = 0; r < reps; r++) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray[] in = inputs(scope, ids);
                stages.forward(scope, in[0], in[1], in[2]);
            }
        }
        double replay = (System.nanoTime() - t0) / 1e9 / reps;
        Map<Stage, Double> ours = stages.seconds();
        ours.replaceAll((k, v) -> v / reps);
        Map<Stage, Double> theirs = peerStages.measure(reps);
        double oursSum = ours.values().stream().mapToDouble(Double::doubleValue).sum();
        double theirSum = theirs.values().stream().mapToDouble(Double::doubleValue).sum();
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "\n#### Where the time goes at %d × %d\n\n"
                        + "Ours is slower here, so both forward passes were timed stage by stage (mean of %d pass(es)). "
                        + "Ours: the model's forward pass replayed with the same NDArray operations and the model's own "
                        + "weights (`BertStages`; its output differs from the model's by %.1e), a clock around each "
                        + "stage; the replay took %.0f ms a pass against the model's median %.0f ms. %s: %s\n\n"
                        + "| stage | ours, ms | share | %s, ms | share | time, ours ÷ %s |\n|---|---:|---:|---:|---:|---:|\n",
                ids.length, ids[0].length, reps, worst, 1000 * replay, 1000 * oursMedian, peer, peerMethod, peer, peer));
        for (Stage s : Stage.values()) {
            double o = ours.get(s);
            double th = theirs.get(s);
            t.append(String.format(Locale.ROOT, "| %s | %.1f | %.0f%% | %.1f | %.0f%% | %s |\n", s.label, 1000 * o,
                    100 * o / oursSum, 1000 * th, 100 * th / theirSum,
                    th > 0 ? String.format(Locale.ROOT, "%.2f", o / th) : "–"));
        }
        return t.append(String.format(Locale.ROOT, "| total | %.1f | | %.1f | | %.2f |\n\n", 1000 * oursSum,
                1000 * theirSum, oursSum / theirSum)).toString();
    }

    // ------------------------------------------------------------------ helpers

    static int profileReps(int[] bt, boolean quick) {
        return bt[1] > 16 ? (quick ? 1 : 2) : (quick ? 10 : 20);
    }

    /** The first {@code t} word pieces ([CLS] ... [SEP]) of {@code b} Brown documents spread over the corpus. */
    static long[][] brownIds(BertTokenizer tokenizer, int b, int t) {
        List<BrownCorpus.Document> docs = BrownCorpus.load().documents();
        long[][] ids = new long[b][];
        for (int i = 0; i < b; i++) {
            int[] e = tokenizer.encode(BrownTasks.text(docs.get((i * 13) % docs.size())), null, t).ids();
            if (e.length != t) {
                throw new IllegalStateException("document " + i + " has fewer than " + t + " word pieces");
            }
            ids[i] = Arrays.stream(e).asLongStream().toArray();
        }
        return ids;
    }

    static String row(int[] bt, int reps, double[] s) {
        double tokens = (double) bt[0] * bt[1];
        return String.format(Locale.ROOT, "| %d × %d | %d | %.1f | %.1f | %,.0f | %,.0f | **%.2f** |\n", bt[0], bt[1], reps,
                1000 * s[0], 1000 * s[1], tokens / s[0], tokens / s[1], s[1] / s[0]);
    }

    /** Each side's 1024 × 1024 matrix-product rate, GFLOP/s. */
    record Rates(double ours, double onnxRuntime, double tensorFlow) {
    }

    /** The three rates, measured in turn three times (so a busy spell hits all three), medians. */
    static Rates matmulRates(NDManager manager) throws Exception {
        double[][] r = new double[3][3];
        for (int i = 0; i < 3; i++) {
            r[0][i] = matmulGflops(manager);
            r[1][i] = OnnxMatMul.gflops(1024, THREADS);
            r[2][i] = TensorFlowBert.matmulGflops(THREADS);
        }
        return new Rates(median(r[0]), median(r[1]), median(r[2]));
    }


    static double matmulGflops(NDManager m) {
        try (NDManager s = m.newSubManager()) {
            NDArray a = s.randomNormal(new Shape(1024, 1024));
            a.matMul(a).getFloat(0, 0);
            int reps = 10;
            double t = time(() -> {
                for (int i = 0; i < reps; i++) {
                    a.matMul(a).getFloat(0, 0);
                }
            });
            return 2.0 * 1024 * 1024 * 1024 * reps / t / 1e9;
        }
    }

    /**
     * The hand-written part of an earlier report ({@value #NOTES} to the end), kept below the new run's numbers so
     * that a rerun does not erase what was measured and written by hand, with {@value #STALE} put under its heading
     * (whoever brings the notes up to date with the new numbers deletes that line); empty if there is none.
     */
    static String handWrittenNotes(Path report) throws java.io.IOException {
        if (!Files.exists(report)) {
            return "";
        }
        String old = Files.readString(report);
        int at = old.indexOf("\n" + NOTES);
        if (at < 0) {
            return "";
        }
        String notes = old.substring(at);
        int headingEnd = notes.indexOf('\n', 1);
        if (headingEnd < 0 || notes.contains(STALE)) {
            return notes;
        }
        return notes.substring(0, headingEnd + 1) + "\n" + STALE + "\n" + notes.substring(headingEnd + 1);
    }

    static final String NOTES = "## Notes (hand-written";
    static final String STALE = "> These notes were written for an earlier run than the numbers above: check each number "
            + "they quote against the new run before trusting it, then delete this line.";

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (Exception e) {
            // not Linux: the model stays unnamed
        }
        return "CPU model unknown";
    }
}
