package org.tlnlp.lesson02.lab;

import org.tlnlp.analysis.LinearProbe;
import org.tlnlp.analysis.TestAccuracy;
import org.tlnlp.engine.Rng;
import org.tlnlp.io.Checkpoints;
import org.tlnlp.lab.Settings;
import org.tlnlp.multitask.FeatureData;
import org.tlnlp.multitask.FeatureEncoder;
import org.tlnlp.multitask.Features;
import org.tlnlp.multitask.MultitaskModel;
import org.tlnlp.multitask.Task;
import org.tlnlp.multitask.TaskData;
import org.tlnlp.plot.Tables;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Part 5 (on MiniLM's vectors): soft against hard sharing; each auxiliary task alone with the target (does any
 * pairing hurt: negative transfer?); and representation bias: a new task (genre), learned by a linear probe on
 * the frozen shared layer of a model trained without it, multitask against single-task.
 */
final class Sharing {

    private Sharing() {
    }

    record Result(Table sharing, Table pairs, Table bias, List<String> comparisons) {
    }

    /** A soft-sharing model: one shared layer per task, starting equal, pulled to their mean with λ. */
    static Runs.Maker<Features> soft(MultitaskSettings s) {
        return (m, tasks) -> {
            List<FeatureEncoder> encoders = new ArrayList<>();
            for (int t = 0; t < tasks.size(); t++) {
                FeatureEncoder e = new FeatureEncoder(384, s.hidden(), 1, 0.1f);
                e.initialize(m);
                if (t > 0) {
                    Checkpoints.copy(encoders.get(0).namedParameters(), e.namedParameters());
                }
                encoders.add(e);
            }
            MultitaskModel<Features> model = MultitaskModel.soft(encoders, tasks, Yours.uncertainty(tasks.size()),
                    s.softLambda());
            model.initialize(m);
            return model;
        };
    }

    /** After training: a linear probe for the new task on the frozen shared layer; its test predictions. */
    static Runs.After<Features> probe(Suite<Features> suite, MultitaskSettings s, Rng rng) {
        TaskData<Features> train = suite.train().get(Tasks.GENRE.name());
        TaskData<Features> fewLabels = train.subset(Tasks.lowResource(train.size(), s.probeLabels(), 0));
        TaskData<Features> test = suite.dev().get(Tasks.GENRE.name());
        return (m, model) -> {
            float[][] x = model.pooledFeatures(m, fewLabels, 0, 64);
            try (LinearProbe p = LinearProbe.train(x, fewLabels.gold(), Tasks.GENRE.classes(), probeSettings(),
                    rng.split("probe"), "probe")) {
                return p.predict(model.pooledFeatures(m, test, 0, 64));
            }
        };
    }

    static LinearProbe.Settings probeSettings() {
        return Settings.of(LinearProbe.Settings.class, "epochs", 30, "batchSize", 32, "learningRate", 1e-2,
                "weightDecay", 1e-4);
    }

    static Result run(Suite<Features> suite, MultitaskSettings s, Rng rng, List<Runs.Run> single, List<Runs.Run> hard)
            throws Exception {
        int n = s.compareSize();
        int[] gold = suite.test().gold();
        List<String> auxiliary = Tasks.AUXILIARY.stream().map(Task::name).toList();
        List<String> comparisons = new ArrayList<>();
        TestAccuracy alone = Runs.accuracy(gold, single);
        TestAccuracy hardAll = Runs.accuracy(gold, hard);

        List<Runs.Run> softRuns = new ArrayList<>();
        Map<String, List<Runs.Run>> pairRuns = new LinkedHashMap<>();
        List<Runs.Run> withoutGenre = new ArrayList<>();
        Runs.After<Features> probe = probe(suite, s, rng);
        for (int seed = 0; seed < s.seeds(); seed++) {
            TaskData<Features> target = suite.target(n, seed);
            softRuns.add(Runs.run(suite, suite.tasks(target, auxiliary), soft(s), Runs.joint(s, s.steps()),
                    s.learningRate(), s, rng.split("soft " + seed), false, "soft"));
            for (String a : auxiliary) {
                pairRuns.computeIfAbsent(a, k -> new ArrayList<>()).add(Runs.run(suite, suite.tasks(target, List.of(a)),
                        LowResource.shared(s, true), Runs.joint(s, s.steps()), s.learningRate(), s,
                        rng.split(a + " " + seed), false, "with " + a));
            }
            withoutGenre.add(Runs.run(suite, suite.tasks(target, List.of(Tasks.POS.name(), Tasks.SPAM.name())),
                    LowResource.shared(s, true), Runs.joint(s, s.steps()), s.learningRate(), s,
                    rng.split("no genre " + seed), false, "no genre", probe));
        }
        TestAccuracy softAll = Runs.accuracy(gold, softRuns);
        Table sharing = Table.create("Hard and soft sharing at " + n + " sentiment labels (all four tasks, uncertainty "
                + "weights; soft: λ = " + s.softLambda() + ")", StringColumn.create("model",
                List.of("single-task", "hard sharing", "soft sharing")));
        Tables.addAccuracy(sharing, "sentiment_test", List.of(alone, hardAll, softAll));
        comparisons.add("Sharing: " + softAll.minus(hardAll, rng.split("soft")).sentence("soft sharing", "hard sharing"));
        comparisons.add("Sharing: " + softAll.minus(alone, rng.split("soft alone")).sentence("soft sharing", "single-task"));

        List<String> rows = new ArrayList<>(List.of("sentiment alone"));
        List<TestAccuracy> pairs = new ArrayList<>(List.of(alone));
        for (String a : auxiliary) {
            TestAccuracy with = Runs.accuracy(gold, pairRuns.get(a));
            rows.add("sentiment + " + a);
            pairs.add(with);
            comparisons.add("Pairs: " + with.minus(alone, rng.split("pair " + a)).sentence("sentiment + " + a,
                    "sentiment alone"));
        }
        Table pairTable = Table.create("Each auxiliary task alone with the target, " + n + " sentiment labels",
                StringColumn.create("tasks", rows));
        Tables.addAccuracy(pairTable, "sentiment_test", pairs);

        int[] genreGold = suite.dev().get(Tasks.GENRE.name()).gold();
        TestAccuracy fromSingle = TestAccuracy.of(genreGold);
        single.forEach(r -> fromSingle.add(r.after()));
        TestAccuracy fromMulti = TestAccuracy.of(genreGold);
        withoutGenre.forEach(r -> fromMulti.add(r.after()));
        FeatureData genreTrain = (FeatureData) suite.train().get(Tasks.GENRE.name());
        TestAccuracy raw = TestAccuracy.of(genreGold).add(rawProbe(suite, genreTrain, s, rng));
        Table bias = Table.create("A new task on a frozen encoder: genre from " + Math.min(s.probeLabels(), genreTrain.size())
                + " labels, a linear probe on the shared layer", StringColumn.create("encoder", List.of(
                "shared layer of the sentiment-only model", "shared layer of sentiment + pos + spam",
                "MiniLM's vectors themselves (no shared layer)")));
        Tables.addAccuracy(bias, "genre_heldout", List.of(fromSingle, fromMulti, raw));
        comparisons.add("Representation bias: " + fromMulti.minus(fromSingle, rng.split("bias")).sentence(
                "multitask encoder", "single-task encoder"));
        return new Result(sharing, pairTable, bias, comparisons);
    }

    /** The same probe on MiniLM's vectors directly. */
    private static int[] rawProbe(Suite<Features> suite, FeatureData train, MultitaskSettings s, Rng rng) {
        int[] pick = Tasks.lowResource(train.size(), s.probeLabels(), 0);
        float[][] x = IntStream.of(pick).mapToObj(train::vector).toArray(float[][]::new);
        FeatureData test = (FeatureData) suite.dev().get(Tasks.GENRE.name());
        try (LinearProbe p = LinearProbe.train(x, train.subset(pick).gold(), Tasks.GENRE.classes(),
                probeSettings(), rng.split("raw probe"), "probe")) {
            return p.predict(IntStream.range(0, test.size()).mapToObj(test::vector).toArray(float[][]::new));
        }
    }
}
