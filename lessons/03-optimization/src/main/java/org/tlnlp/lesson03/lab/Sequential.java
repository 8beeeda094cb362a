package org.tlnlp.lesson03.lab;

import ai.djl.ndarray.NDManager;
import org.tlnlp.analysis.TestAccuracy;
import org.tlnlp.data.BrownTasks;
import org.tlnlp.data.SentencePairs;
import org.tlnlp.data.Split;
import org.tlnlp.engine.Rng;
import org.tlnlp.models.bert.BertClassifier;
import org.tlnlp.models.bert.BertPretraining;
import org.tlnlp.models.bert.ClassificationBatch;
import org.tlnlp.models.bert.ClassificationBatches;
import org.tlnlp.models.bert.MaskedLmScore;
import org.tlnlp.nn.ParameterMap;
import org.tlnlp.plot.Tables;
import org.tlnlp.text.BertTokenizer;
import org.tlnlp.train.BatchSource;
import org.tlnlp.train.Ewc;
import org.tlnlp.train.Fisher;
import org.tlnlp.train.L2Sp;
import org.tlnlp.train.Objective;
import org.tlnlp.train.Recipe;
import org.tlnlp.train.Regularized;
import org.tlnlp.train.TrainLoop;
import org.tlnlp.train.WeightAnchor;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Part 3 of lab 03, sequential forgetting: the pre-trained BERT is fine-tuned on task A (sentiment), then on task B
 * (the genre of a Brown passage), and scored on A again with A's own head, which B never touches. B trains three
 * ways from the same end of A: plainly, with L2-SP towards the weights A ended with, and with EWC weighted by A's
 * Fisher. Pre-training counts as task 0, scored by masked-LM accuracy, so forgetting is measured over the sequence
 * masked LM → A → B.
 */
public final class Sequential {

    static final List<String> VARIANTS = List.of("B plainly", "B with L2-SP towards θ_A", "B with EWC (A's Fisher)");

    private Sequential() {
    }

    /** Per variant: A's accuracy after A and after B, B's accuracy, and each seed's score matrix. */
    public record Result(TestAccuracy afterA, List<TestAccuracy> aAfterB, List<TestAccuracy> b, List<List<double[][]>> scores) {
    }

    public static Result run(NDManager manager, SmallBert.Pretrained pre, OptimizationSettings s, Rng rng) {
        BertTokenizer tok = pre.tokenizer();
        Random r = rng.random();
        ClassificationBatches trainA = SchemeRuns.sentiment(tok, Split.TRAIN, s.trainSentences(), s.sentenceLength(),
                s.batch(), r, new Rng(0));
        ClassificationBatches testA = SchemeRuns.sentiment(tok, Split.TEST, Integer.MAX_VALUE, s.sentenceLength(),
                s.batch(), null, new Rng(0));
        ClassificationBatches trainB = genre(tok, Split.TRAIN, s.genrePerGenre(), s, r);
        ClassificationBatches testB = genre(tok, Split.TEST, s.genreTestPerGenre(), s, r);
        List<SentencePairs.Pair> held = SmallBert.heldOut(Split.TEST, s.heldPairs());
        double mlm0 = MaskedLmScore.of(pre.model(), manager, held, tok, s.pairLength(), 64, SchemeRuns.MASK_SEED).accuracy();
        TestAccuracy afterA = TestAccuracy.of(testA.labels());
        List<TestAccuracy> aAfterB = new ArrayList<>();
        List<TestAccuracy> b = new ArrayList<>();
        List<List<double[][]>> scores = new ArrayList<>();
        for (int v = 0; v < VARIANTS.size(); v++) {
            aAfterB.add(TestAccuracy.of(testA.labels()));
            b.add(TestAccuracy.of(testB.labels()));
            scores.add(new ArrayList<>());
        }
        for (int seed = 0; seed < s.seeds(); seed++) {
            Rng seedRng = rng.split("seed " + seed);
            try (NDManager m = manager.newSubManager()) {
                BertPretraining model = SmallBert.copy(pre.model(), m);
                seedRng.seedEngine();
                BertClassifier a = new BertClassifier(model.bert(), 2, BertClassifier.Pooling.MEAN);
                a.initialize(m);
                fit(a, trainA.withBatchSize(s.batch(), seedRng), s, "task A");
                afterA.add(a.predict(m, testA, 64));
                double accA = afterA.perSeed()[seed];
                double mlm1 = MaskedLmScore.of(model, m, held, tok, s.pairLength(), 64, SchemeRuns.MASK_SEED).accuracy();
                ParameterMap names = a.namedParameters();
                BatchSource<ClassificationBatch> examples = BatchSource.of(Math.min(s.fisherExamples(), trainA.size()),
                        (mm, i) -> trainA.batch(mm, new int[] {i}));
                try (WeightAnchor endOfA = WeightAnchor.of(names, n -> true);
                     WeightAnchor encoderA = WeightAnchor.of(names, SmallBert::encoder);
                     Fisher rawA = Yours.fisher(a, examples, SmallBert::encoder);
                     Fisher fisherA = rawA.scaled(1 / rawA.mean())) {
                    for (int v = 0; v < VARIANTS.size(); v++) {
                        endOfA.restore(names);
                        seedRng.split("B").seedEngine(); // the same head for every variant: paired comparisons
                        BertClassifier headB = new BertClassifier(model.bert(), BrownTasks.GENRES.size(),
                                BertClassifier.Pooling.MEAN);
                        headB.initialize(m);
                        ParameterMap namesB = headB.namedParameters();
                        Objective<ClassificationBatch> objective = switch (v) {
                            case 0 -> headB;
                            case 1 -> new Regularized<>(headB, new L2Sp(namesB, encoderA, s.l2spAlpha(),
                                    s.l2spBeta()));
                            default -> new Regularized<>(headB, new Ewc(namesB, encoderA, fisherA,
                                    s.ewcLambda()));
                        };
                        fit(objective, trainB.withBatchSize(s.batch(), seedRng.split("B batches")), s,
                                v == 0 ? "task B" : v == 1 ? "B, L2-SP" : "B, EWC");
                        aAfterB.get(v).add(a.predict(m, testA, 64));
                        b.get(v).add(headB.predict(m, testB, 64));
                        double mlm2 = MaskedLmScore.of(model, m, held, tok, s.pairLength(), 64, SchemeRuns.MASK_SEED)
                                .accuracy();
                        scores.get(v).add(new double[][] {{mlm0, Double.NaN, Double.NaN}, {mlm1, accA, Double.NaN},
                                {mlm2, aAfterB.get(v).perSeed()[seed], b.get(v).perSeed()[seed]}});
                    }
                }
            }
        }
        return new Result(afterA, aAfterB, b, scores);
    }

    static <B extends org.tlnlp.train.Batch> void fit(Objective<B> objective, BatchSource<B> data, OptimizationSettings s,
                                                      String label) {
        Recipe recipe = Recipe.fineTuning(s.fineTuneRate());
        boolean regularised = objective instanceof Regularized;
        TrainLoop.builder().recipe(regularised ? recipe.withWeightDecay(0) : recipe).epochs(s.epochs()).label(label)
                .logEvery(20).build().fit(objective, data);
    }

    static ClassificationBatches genre(BertTokenizer tok, Split split, int perGenre, OptimizationSettings s, Random r) {
        List<BrownTasks.GenrePassage> p = BrownTasks.genrePassages(split, 2, perGenre, r);
        return new ClassificationBatches(p.stream().map(x -> tok.encode(x.text(), null, s.pairLength())).toList(),
                p.stream().mapToInt(BrownTasks.GenrePassage::label).toArray(), s.batch(), tok.id(BertTokenizer.PAD),
                new Rng(0));
    }

    /** The accuracies and the average forgetting (Chaudhry et al.) over masked LM → A → B, per variant. */
    public static Table table(Result r) {
        Table t = Table.create("Task A (sentiment) after task B (Brown genre), the encoder shared, A's head kept",
                StringColumn.create("task B trained", VARIANTS));
        Tables.addAccuracy(t, "A_after_B", r.aAfterB());
        Tables.addAccuracy(t, "B", r.b());
        t.addColumns(DoubleColumn.create("A_after_A", VARIANTS.stream().mapToDouble(x -> r.afterA().mean())),
                DoubleColumn.create("average_forgetting", r.scores().stream().mapToDouble(list -> list.stream()
                        .mapToDouble(Yours::averageForgetting).average().orElse(Double.NaN))),
                DoubleColumn.create("mlm_accuracy_after_B", r.scores().stream().mapToDouble(list -> list.stream()
                        .mapToDouble(m -> m[2][0]).average().orElse(Double.NaN))));
        return t;
    }
}
