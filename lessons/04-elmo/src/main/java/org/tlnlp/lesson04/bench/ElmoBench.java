package org.tlnlp.lesson04.bench;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.io.AtomicFiles;
import org.tlnlp.lab.LabReport;
import org.tlnlp.lab.PythonPeer;
import org.tlnlp.lab.LabSize;
import org.tlnlp.lesson04.lab.ElmoSettings;
import org.tlnlp.models.elmo.BiLanguageModel;
import org.tlnlp.models.elmo.BiLmBatch;
import org.tlnlp.models.elmo.Elmo;
import org.tlnlp.models.elmo.ElmoOptions;
import org.tlnlp.text.Vocabulary;
import org.tlnlp.train.BatchSource;
import org.tlnlp.train.Recipe;
import org.tlnlp.train.TrainLoop;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * {@code ./course bench elmo}: biLM training tokens per second of the course's ELMo (the lab's quick sizes)
 * against the same model written in plain PyTorch ({@code tools/reference/elmo_torch.py bench}), same sizes,
 * same threads; written to {@code results/bench/elmo.md}. Not a test: timings vary.
 */
public final class ElmoBench {

    private ElmoBench() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Arrays.asList(args).contains("--quick");
        int steps = quick ? 4 : 15;
        int warmup = 2;
        ElmoSettings s = ElmoSettings.of(LabSize.QUICK);
        ElmoOptions o = s.options();
        int batch = s.batch();
        int length = s.maxWords() + 2; // the longest sentences the lab trains on, with <S> and </S>
        int threads = Runtime.getRuntime().availableProcessors();
        Path root = LabReport.repositoryRoot();
        System.out.println("ELMo benchmark on " + Engines.describe());

        List<String> words = new ArrayList<>(List.of(BiLmBatch.BEGIN, BiLmBatch.END, BiLmBatch.UNKNOWN));
        Random r = new Random(0);
        for (int i = 0; i < s.vocab(); i++) {
            words.add("w" + Integer.toString(r.nextInt(1 << 30), 36));
        }
        Vocabulary vocab = new Vocabulary(new ArrayList<>(new java.util.LinkedHashSet<>(words)));
        List<List<List<String>>> data = new ArrayList<>();
        for (int i = 0; i < warmup + steps; i++) {
            List<List<String>> b = new ArrayList<>();
            for (int j = 0; j < batch; j++) {
                List<String> sentence = new ArrayList<>();
                for (int k = 0; k < length - 2; k++) {
                    sentence.add(vocab.token(3 + r.nextInt(vocab.size() - 3)));
                }
                b.add(sentence);
            }
            data.add(b);
        }
        double ours;
        try (NDManager manager = Engines.newManager()) {
            new Rng(0).seedEngine();
            BiLanguageModel lm = new BiLanguageModel(Elmo.create(o, 1, 0f, manager), vocab.size(), 0, 1);
            lm.initialize(manager);
            fit(lm, data, 0, warmup, vocab);
            long t0 = System.nanoTime();
            fit(lm, data, warmup, steps, vocab);
            ours = (double) batch * length * steps / ((System.nanoTime() - t0) / 1e9);
        }
        PythonPeer reference = PythonPeer.run(root.resolve("tools/reference/elmo_torch.py"), threads, "bench", vocab.size(), batch,
                length, steps, warmup, threads, o.lstmDim(), o.projectionDim(), o.layers());
        String output = reference.output();
        StringBuilder md = new StringBuilder("# Benchmark: ELMo (lesson 04)\n\nWritten by `./course bench elmo`"
                + (quick ? " --quick" : "") + "; every number is an output of that run.\n\n| run | |\n|---|---|\n");
        md.append("| date | ").append(Instant.now()).append(" |\n| machine | ").append(System.getProperty("os.name"))
                .append(' ').append(System.getProperty("os.arch")).append(", ").append(threads).append(" cores |\n")
                .append("| engine | ").append(Engines.describe()).append(" |\n\n");
        md.append(String.format(Locale.ROOT, "## biLM training throughput (tokens per second)\n\nThe lab's quick ELMo "
                        + "(character CNN %s, %d highway layer, LSTM %d → projection %d, %d layers, cell and projection clipped "
                        + "at 3, skip connections), full softmax over %,d words, batches of %d sentences of %d tokens, AdamW, "
                        + "clipping at norm 1; %d timed steps after %d warm-up steps; %d threads on each side. Both sides run the "
                        + "LSTM one time step at a time (PyTorch's fused LSTM has no cell clipping).\n\n",
                o.filters().stream().map(f -> f.width() + "×" + f.count()).toList(), o.highway(), o.lstmDim(),
                o.projectionDim(), o.layers(), vocab.size(), batch, length, steps, warmup, threads));
        md.append("| implementation | tokens/s | threads |\n|---|---:|---:|\n");
        md.append(String.format(Locale.ROOT, "| ours (DJL, %s) | %,.0f | %d |\n", Engines.engine().getEngineName(), ours, threads));
        if (reference.exitCode() == 0 && output.contains("{")) {
            JsonObject peer = JsonParser.parseString(output.substring(output.lastIndexOf('{'))).getAsJsonObject();
            double theirs = peer.get("tokens_per_s").getAsDouble();
            md.append(String.format(Locale.ROOT, "| plain PyTorch %s (python3-torch, `tools/reference/elmo_torch.py`) | %,.0f | %d |\n",
                    peer.get("torch").getAsString(), theirs, peer.get("threads").getAsInt()));
            md.append(String.format(Locale.ROOT, "\n**Ratio ours / PyTorch: %.2f.**\n\n", ours / theirs));
            md.append("Per time step each side launches a few dozen small operations (two matrix products, the gates, "
                    + "the clipping) for every layer and direction, forward and backward, so both are bound by per-operation "
                    + "overhead rather than arithmetic at these sizes: the Python interpreter and autograd on one side, the "
                    + "JNI call and DJL's NDArray bookkeeping on the other.\n");
        } else {
            md.append("\nThe PyTorch peer did not run (`/usr/bin/python3` with python3-torch is needed): ").append(output).append('\n');
        }
        Path out = root.resolve("results/bench/elmo.md");
        AtomicFiles.writeString(out, md.toString());
        System.out.println(md);
        System.out.println("Written to " + out);
    }

    static void fit(BiLanguageModel lm, List<List<List<String>>> data, int from, int steps, Vocabulary vocab) {
        BatchSource<BiLmBatch> source = BatchSource.of(steps, (m, index) -> BiLmBatch.of(m, data.get(from + index), vocab));
        Recipe recipe = Recipe.pretraining(1e-3).withSchedule(Recipe.Shape.CONSTANT);
        TrainLoop.builder().recipe(recipe).epochs(1).logEvery(1_000_000).label("bench").build().fit(lm, source);
    }
}
