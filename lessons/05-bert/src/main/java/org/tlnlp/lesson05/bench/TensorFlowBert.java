package org.tlnlp.lesson05.bench;

import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tlnlp.models.bert.BertBaseUncased;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The peer of BERT-base's forward pass: TensorFlow itself (TensorFlow Java, in this JVM) running the very
 * SavedModel whose weights the course reads, with a fixed number of threads. TensorFlow reads a SavedModel only
 * from a folder, so the zip inside the jar is extracted to a temporary one first (and removed on close).
 */
final class TensorFlowBert implements AutoCloseable {

    static final String SEQUENCE = "module_apply_tokens/bert/encoder/Reshape_13:0";
    static final String POOLED = "module_apply_tokens/bert/pooler/dense/Tanh:0";

    private final Path dir;
    private final SavedModelBundle model;
    final double extractSeconds;
    final double loadSeconds;

    TensorFlowBert(int threads) throws IOException {
        long t0 = System.nanoTime();
        dir = Files.createTempDirectory("bert-base-savedmodel");
        try (InputStream jar = TensorFlowBert.class.getClassLoader().getResourceAsStream(BertBaseUncased.RESOURCE)) {
            if (jar == null) {
                throw new IOException(BertBaseUncased.RESOURCE + " is not on the class path (" + BertBaseUncased.ARTIFACT + ")");
            }
            extract(jar, dir);
        }
        long t1 = System.nanoTime();
        model = SavedModelBundle.loader(dir.toString()).withTags("serve").withConfigProto(config(threads)).load();
        long t2 = System.nanoTime();
        extractSeconds = (t1 - t0) / 1e9;
        loadSeconds = (t2 - t1) / 1e9;
    }

    static String version() {
        return TensorFlow.version();
    }

    /** Intra-op threads (one operation on several cores) and inter-op threads (independent operations at once). */
    static ConfigProto config(int threads) {
        return ConfigProto.newBuilder().setIntraOpParallelismThreads(threads).setInterOpParallelismThreads(threads)
                .build();
    }

    /** One forward pass (sequence output and pooled vector) on int32 inputs (B, T), all tokens real, segment 0. */
    void forward(int[][] ids) {
        run(ids, null);
    }

    /**
     * One traced forward pass: the seconds TensorFlow's nodes spent, summed by {@link Stage} (from each node's name
     * scope and operation, {@link Stage#of}).
     */
    Map<Stage, Double> stages(int[][] ids) {
        RunMetadata meta = run(ids, RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build());
        Map<Stage, Double> out = new EnumMap<>(Stage.class);
        for (Stage s : Stage.values()) {
            out.put(s, 0.0);
        }
        for (DeviceStepStats device : meta.getStepStats().getDevStatsList()) {
            for (NodeExecStats node : device.getNodeStatsList()) {
                out.merge(Stage.of(node.getNodeName(), operation(node.getTimelineLabel())),
                        node.getAllEndRelMicros() / 1e6, Double::sum);
            }
        }
        return out;
    }

    /** The operation in a trace's label, "[mklcpu 1.5MB 1.5MB] scope/name = _MklNativeFusedMatMul(a, b, c)". */
    static String operation(String label) {
        int eq = label.indexOf(" = ");
        int paren = label.indexOf('(', eq);
        return eq < 0 ? "" : label.substring(eq + 3, paren < 0 ? label.length() : paren);
    }

    private RunMetadata run(int[][] ids, RunOptions options) {
        int b = ids.length;
        int t = ids[0].length;
        int[] flat = new int[b * t];
        int[] ones = new int[b * t];
        for (int i = 0; i < b; i++) {
            System.arraycopy(ids[i], 0, flat, i * t, t);
        }
        java.util.Arrays.fill(ones, 1);
        Shape shape = Shape.of(b, t);
        try (TInt32 in = TInt32.tensorOf(shape, DataBuffers.of(flat, true, false));
             TInt32 mask = TInt32.tensorOf(shape, DataBuffers.of(ones, true, false));
             TInt32 segments = TInt32.tensorOf(shape)) {
            Session.Runner r = model.session().runner().feed("input_ids:0", in).feed("input_mask:0", mask)
                    .feed("segment_ids:0", segments).fetch(SEQUENCE).fetch(POOLED);
            if (options == null) {
                r.run().close();
                return null;
            }
            try (Result result = r.setOptions(options).runAndFetchMetadata()) {
                return result.getMetadata().orElseThrow();
            }
        }
    }

    /** GFLOP/s of a 1024 × 1024 float32 matrix product in a TensorFlow graph with the same threads. */
    static double matmulGflops(int threads) {
        int n = 1024;
        float[] values = new float[n * n];
        java.util.Random r = new java.util.Random(0);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) r.nextGaussian();
        }
        try (Graph g = new Graph(); Session s = new Session(g, config(threads));
             TFloat32 a = TFloat32.tensorOf(Shape.of(n, n), DataBuffers.of(values, true, false))) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class);
            Placeholder<TFloat32> y = tf.placeholder(TFloat32.class);
            var product = tf.linalg.matMul(x, y);
            s.runner().feed(x, a).feed(y, a).fetch(product).run().close(); // warm-up
            int reps = 10;
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                s.runner().feed(x, a).feed(y, a).fetch(product).run().close();
            }
            return 2.0 * n * n * n * reps / ((System.nanoTime() - t0) / 1e9) / 1e9;
        }
    }

    private static void extract(InputStream jar, Path dir) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(jar)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                Path target = dir.resolve(e.getName()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException("entry " + e.getName() + " points outside " + dir);
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (OutputStream out = Files.newOutputStream(target)) {
                    zip.transferTo(out);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        model.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
