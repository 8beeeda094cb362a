package org.tlnlp.lesson02.lab;

import org.tlnlp.analysis.TestAccuracy;
import org.tlnlp.engine.Rng;
import org.tlnlp.models.bert.Bert;
import org.tlnlp.models.bert.BertConfig;
import org.tlnlp.models.bert.BertInput;
import org.tlnlp.models.bert.MiniLM;
import org.tlnlp.multitask.BertEncoder;
import org.tlnlp.multitask.FixedWeights;
import org.tlnlp.multitask.MultitaskModel;
import org.tlnlp.multitask.TaskData;
import org.tlnlp.plot.Tables;
import org.tlnlp.text.BertTokenizer;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Part 6: the whole encoder shared. A BERT (a small one from random weights in the quick run; MiniLM fine-tuned end
 * to end in the full one) reads the word pieces itself, and sentiment either trains it alone or together with
 * part-of-speech tagging, every step a batch of each, uncertainty weights.
 */
final class WholeEncoder {

    private WholeEncoder() {
    }

    record Result(Table table, List<String> comparisons, List<Runs.Run> single, List<Runs.Run> multi, String encoder) {
    }

    /** The part's BERT, under one head per task. */
    static Runs.Maker<BertInput> encoder(MultitaskSettings s, BertTokenizer tokenizer) {
        return (m, tasks) -> {
            Bert bert = s.bertEncoder().equals("minilm") ? MiniLM.load(m)
                    : Bert.create(new BertConfig(tokenizer.vocabulary().size(), s.bertHidden(), s.bertLayers(),
                    Math.max(1, s.bertHidden() / 64), 4 * s.bertHidden(), s.maxLength(), 2, 1e-12f, 0.1f), m);
            MultitaskModel<BertInput> model = MultitaskModel.hard(new BertEncoder(bert), tasks,
                    tasks.size() == 1 ? FixedWeights.equal(1) : Yours.uncertainty(tasks.size()));
            model.initialize(m);
            return model;
        };
    }

    static String describe(MultitaskSettings s) {
        return s.bertEncoder().equals("minilm") ? "MiniLM (all-MiniLM-L6-v2), fine-tuned end to end"
                : String.format(Locale.ROOT, "a small BERT (%d layer%s, hidden %d, MiniLM's word-piece vocabulary) from "
                + "random weights", s.bertLayers(), s.bertLayers() == 1 ? "" : "s", s.bertHidden());
    }

    static Result run(Suite<BertInput> suite, MultitaskSettings s, BertTokenizer tokenizer, Rng rng) throws Exception {
        int[] gold = suite.test().gold();
        List<Runs.Run> single = new ArrayList<>();
        List<Runs.Run> multi = new ArrayList<>();
        for (int seed = 0; seed < s.seeds(); seed++) {
            TaskData<BertInput> target = suite.target(s.bertTargetSize(), seed);
            Rng r = rng.split("bert seed " + seed);
            single.add(Runs.run(suite, List.of(target), encoder(s, tokenizer), Runs.joint(s, s.bertSteps()),
                    s.bertLearningRate(), s, r, true, "BERT single"));
            multi.add(Runs.run(suite, suite.tasks(target, List.of(Tasks.POS.name())), encoder(s, tokenizer),
                    Runs.joint(s, s.bertSteps()), s.bertLearningRate(), s, r, true, "BERT + pos"));
            System.out.printf(Locale.ROOT, "  whole encoder, seed %d: single-task %.3f, with pos %.3f%n", seed,
                    org.tlnlp.analysis.Metrics.accuracy(gold, single.get(seed).test()),
                    org.tlnlp.analysis.Metrics.accuracy(gold, multi.get(seed).test()));
        }
        TestAccuracy one = Runs.accuracy(gold, single);
        TestAccuracy two = Runs.accuracy(gold, multi);
        Table table = Table.create("The whole encoder shared: " + describe(s) + ", " + s.bertTargetSize()
                + " sentiment labels", StringColumn.create("tasks", List.of("sentiment alone", "sentiment + pos")));
        Tables.addAccuracy(table, "sentiment_test", List.of(one, two));
        List<String> comparisons = List.of("Whole encoder: " + two.minus(one, rng.split("bert compare"))
                .sentence("sentiment + pos", "sentiment alone"));
        return new Result(table, comparisons, single, multi, describe(s));
    }
}
