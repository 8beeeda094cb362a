package org.tlnlp.glue;

import ai.djl.ndarray.NDManager;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.io.AtomicFiles;
import org.tlnlp.models.Pretrained;
import org.tlnlp.models.bert.BertClassifier;
import org.tlnlp.models.bert.MiniLM;
import org.tlnlp.text.BertTokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./course glue DIR [options]}: fine-tunes a course model on every task in GLUE's format found in {@code DIR}
 * (GLUE's nine tasks as its download script lays them out, or the course's offline suite), reports the dev scores
 * with each task's official metrics and their average, and writes the test predictions as the benchmark's server
 * takes them ({@link Submission}). The diagnostic set (AX) is predicted by the MNLI model. Nothing is downloaded.
 *
 * <pre>
 *   --model NAME      minilm (all-MiniLM-L6-v2, shipped with the course; the default), or a folder saved by
 *                     Hugging Face (config.json, model.safetensors, vocab.txt) holding a BERT
 *   --epochs N        fine-tuning epochs (default 3)       --batch N       examples per step (default 32)
 *   --lr X            peak learning rate (default 2e-5)    --max-length N  word pieces per example (default 128)
 *   --max-train N     use at most N training examples per task (default: all)
 *   --tasks A,B       only these tasks (by name: CoLA, SST-2, ..., or the suite's)
 *   --seed N          the run's seed (default 16)
 *   --out DIR         where scores and predictions go (default .course/glue/&lt;model&gt;)
 *   --write-suite DIR write the offline suite in GLUE's format to DIR, then stop
 * </pre>
 */
public final class GlueCommand {

    private GlueCommand() {
    }

    /** The command's options, with their defaults. */
    public record Options(Path dir, String model, BertFineTuning.Settings settings, int maxTrain, List<String> tasks,
                          long seed, Path out) {
    }

    /** What a run found and wrote: the dev (and, for the suite, test) scores per task, and the submission files. */
    public record Result(Map<String, GlueScores.TaskScore> dev, Map<String, GlueScores.TaskScore> test, List<Path> files,
                         List<String> notes, Path report) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            System.out.println(usage());
            return;
        }
        if (args[0].equals("--write-suite")) {
            if (args.length != 2) {
                throw new IllegalArgumentException("usage: --write-suite DIR");
            }
            Path dir = Path.of(args[1]);
            for (TaskData t : OfflineSuite.build(OfflineSuite.Sizes.QUICK, OfflineSuite.SEED)) {
                GlueFiles.write(dir, t);
            }
            System.out.println("The offline suite is in " + dir.toAbsolutePath() + "; run ./course glue " + args[1]);
            return;
        }
        Result r = run(parse(args));
        System.out.println("Scores: " + r.report());
        System.out.println("Predictions for the benchmark's server (" + r.files().size() + " files): "
                + (r.files().isEmpty() ? "none" : r.files().get(0).getParent()));
    }

    static String usage() {
        String doc = "usage: ./course glue DIR [--model minilm|HF_FOLDER] [--epochs N] [--batch N] [--lr X] "
                + "[--max-length N] [--max-train N] [--tasks A,B] [--seed N] [--out DIR]\n"
                + "       ./course glue --write-suite DIR\n"
                + "DIR holds one folder per task in GLUE's format (CoLA/, SST-2/, MRPC/, STS-B/, QQP/, MNLI/, QNLI/, RTE/, "
                + "WNLI/, diagnostic/), as GLUE's download script makes them; the course downloads nothing.";
        return doc;
    }

    /** Reads the command line into options. */
    public static Options parse(String[] args) {
        Path dir = null;
        String model = "minilm";
        BertFineTuning.Settings p = BertFineTuning.Settings.paper();
        int epochs = p.epochs();
        int batch = p.batchSize();
        double lr = p.learningRate();
        int maxLength = p.maxLength();
        int maxTrain = Integer.MAX_VALUE;
        List<String> tasks = List.of();
        long seed = 16;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                if (dir != null) {
                    throw new IllegalArgumentException("one folder only; got " + dir + " and " + a + "\n" + usage());
                }
                dir = Path.of(a);
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value\n" + usage());
            }
            String v = args[++i];
            switch (a) {
                case "--model" -> model = v;
                case "--epochs" -> epochs = Integer.parseInt(v);
                case "--batch" -> batch = Integer.parseInt(v);
                case "--lr" -> lr = Double.parseDouble(v);
                case "--max-length" -> maxLength = Integer.parseInt(v);
                case "--max-train" -> maxTrain = Integer.parseInt(v);
                case "--tasks" -> tasks = List.of(v.split(","));
                case "--seed" -> seed = Long.parseLong(v);
                case "--out" -> out = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + usage());
            }
        }
        if (dir == null) {
            throw new IllegalArgumentException("which folder?\n" + usage());
        }
        if (out == null) {
            String name = Path.of(model).getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
            out = Path.of(".course", "glue", name);
        }
        return new Options(dir, model, new BertFineTuning.Settings(epochs, batch, lr, maxLength, 64), maxTrain, tasks,
                seed, out);
    }

    /** The encoder a {@code --model} name stands for. */
    public static BertFineTuning.EncoderSource encoder(String model) {
        if (model.equalsIgnoreCase("minilm")) {
            BertTokenizer tokenizer = MiniLM.tokenizer();
            return m -> new BertFineTuning.Encoder(MiniLM.load(m), tokenizer, BertClassifier.Pooling.MEAN);
        }
        // BERT-base uncased, once the library ships it as a named model, is one more case here:
        //   "bert-base" -> m -> { var b = Pretrained.bertBaseUncasedEncoder(m); return new Encoder(b.model(), b.tokenizer(), POOLER); }
        Path dir = Path.of(model);
        if (Files.isDirectory(dir)) {
            return m -> {
                Pretrained.BertModel b = Pretrained.bert(dir, m);
                boolean pooler = b.report().missing().stream().noneMatch(n -> n.startsWith("pooler."));
                return new BertFineTuning.Encoder(b.model(), b.tokenizer(),
                        pooler ? BertClassifier.Pooling.POOLER : BertClassifier.Pooling.MEAN);
            };
        }
        throw new IllegalArgumentException("unknown model '" + model + "': give minilm, or a folder saved by Hugging Face "
                + "(config.json, model.safetensors, vocab.txt) holding a BERT");
    }

    /** Runs the harness: every task found, fine-tuned, scored on dev, its test sets predicted and written. */
    public static Result run(Options o) throws IOException {
        List<TaskFormat> known = new ArrayList<>(GlueTask.formats());
        known.addAll(OfflineSuite.formats());
        List<TaskFormat> found = GlueFiles.find(o.dir(), known);
        if (!o.tasks().isEmpty()) {
            found.removeIf(f -> o.tasks().stream().noneMatch(t -> t.equalsIgnoreCase(f.name())));
        }
        if (found.isEmpty()) {
            throw new IOException(o.dir() + " holds no task folder the course knows: " + known.stream()
                    .map(TaskFormat::folder).toList());
        }
        BertFineTuning.EncoderSource source = encoder(o.model());
        Path submission = o.out().resolve("submission");
        Map<String, GlueScores.TaskScore> dev = new LinkedHashMap<>();
        Map<String, GlueScores.TaskScore> test = new LinkedHashMap<>();
        List<Path> files = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        TaskFormat ax = found.stream().filter(f -> f.name().equals("AX")).findFirst().orElse(null);
        Rng rng = new Rng(o.seed());
        for (TaskFormat f : found) {
            if (f.train() == null) {
                continue; // the diagnostic set: predicted with MNLI's model below
            }
            TaskData data = GlueFiles.read(o.dir(), f);
            notes.addAll(data.notes());
            List<Example> train = data.train().size() > o.maxTrain() ? data.train().subList(0, o.maxTrain()) : data.train();
            System.out.printf(Locale.ROOT, "%s: %,d training examples%s%n", f.name(), train.size(),
                    train.size() < data.train().size() ? " (of " + data.train().size() + ")" : "");
            try (NDManager m = Engines.newManager()) {
                BertFineTuning.Tuned tuned = BertFineTuning.fit(m, source.load(m), f.spec(), train, o.settings(),
                        rng.split(f.name()), f.name());
                if (!data.dev().isEmpty()) {
                    dev.put(f.name(), score(m, tuned, data.dev()));
                    System.out.println("  dev: " + dev.get(f.name()).describe());
                }
                for (TaskFormat.File t : f.test()) {
                    List<Example> examples = data.test().get(t.set());
                    if (examples != null) {
                        files.add(Submission.write(submission, f, t, examples, tuned.predict(m, examples)));
                    }
                }
                if (data.testLabelled()) {
                    test.put(f.name(), score(m, tuned, data.test()));
                }
                if (f.name().equals("MNLI") && ax != null) {
                    TaskData diagnostic = GlueFiles.read(o.dir(), ax);
                    TaskFormat.File t = ax.test().get(0);
                    List<Example> examples = diagnostic.test().get(t.set());
                    if (examples != null) {
                        files.add(Submission.write(submission, ax, t, examples, tuned.predict(m, examples)));
                    }
                }
            }
        }
        Path report = o.out().resolve("scores.md");
        AtomicFiles.writeString(report, report(o, dev, test, files, notes));
        return new Result(dev, test, files, notes, report);
    }

    private static GlueScores.TaskScore score(NDManager m, BertFineTuning.Tuned tuned, Map<String, List<Example>> sets) {
        Map<String, Predictions> p = new LinkedHashMap<>();
        sets.forEach((name, examples) -> p.put(name, tuned.predict(m, examples)));
        return GlueScores.score(tuned.spec(), sets, p);
    }

    private static String report(Options o, Map<String, GlueScores.TaskScore> dev, Map<String, GlueScores.TaskScore> test,
                                 List<Path> files, List<String> notes) {
        StringBuilder sb = new StringBuilder("# ./course glue " + o.dir() + " --model " + o.model() + "\n\n");
        sb.append("Settings: ").append(o.settings()).append(", at most ").append(o.maxTrain() == Integer.MAX_VALUE ? "all"
                : o.maxTrain()).append(" training examples per task, seed ").append(o.seed()).append(", engine ")
                .append(Engines.describe()).append(".\n\n");
        for (var part : List.of(Map.entry("dev", dev), Map.entry("test (labels held by the suite)", test))) {
            if (part.getValue().isEmpty()) {
                continue;
            }
            sb.append("| task | ").append(part.getKey()).append(" metrics | task score |\n|---|---|---:|\n");
            part.getValue().forEach((name, s) -> sb.append("| ").append(name).append(" | ").append(s.describe())
                    .append(" | ").append(String.format(Locale.ROOT, "%.3f", s.score())).append(" |\n"));
            List<GlueScores.TaskScore> all = new ArrayList<>(part.getValue().values());
            boolean glue = GlueTask.SCORED.stream().allMatch(t -> part.getValue().containsKey(t.spec().name()))
                    && all.size() == GlueTask.SCORED.size();
            sb.append(String.format(Locale.ROOT, "| **%s** | | **%.3f** |%n%n", glue ? "GLUE score" : "average of the "
                    + all.size() + " task scores", GlueScores.average(all)));
        }
        sb.append("Each task score is the mean of the task's official metrics (MNLI: of matched and mismatched accuracy); ")
                .append("the GLUE score, the mean of the nine task scores, is printed only when all nine are here.\n\n");
        if (!files.isEmpty()) {
            sb.append("Test predictions, in the benchmark's submission format (zip these for the server):\n\n");
            files.forEach(f -> sb.append("- `").append(f).append("`\n"));
            sb.append('\n');
        }
        notes.forEach(n -> sb.append("Note: ").append(n).append('\n'));
        return sb.toString();
    }
}
