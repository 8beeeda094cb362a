package org.tlnlp.lesson06.lab;

import ai.djl.ndarray.NDManager;
import org.knowm.xchart.CategoryChart;
import org.tlnlp.analysis.DomainShift;
import org.tlnlp.analysis.Evaluation;
import org.tlnlp.analysis.TestAccuracy;
import org.tlnlp.data.BrownTags;
import org.tlnlp.data.BrownTasks;
import org.tlnlp.data.Split;
import org.tlnlp.data.TaggedWord;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.models.Pretrained;
import org.tlnlp.models.gpt2.Gpt2;
import org.tlnlp.models.gpt2.LabelScoring;
import org.tlnlp.models.gpt2.LmBatches;
import org.tlnlp.models.gpt2.Sampling;
import org.tlnlp.plot.Figures;
import org.tlnlp.plot.Tables;
import org.tlnlp.text.ByteLevelBpe;
import org.tlnlp.train.Recipe;
import org.tlnlp.train.TrainLoop;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Part 4 of lab 06: tasks recast as language modelling, each on its own copy of the pre-trained GPT-2. Genre:
 * which label's words does the model find most likely after the passage, zero-shot (plain and divided by the
 * label's prior) and fine-tuned on "passage = label". Tags: the model writes "sentence = DET NOUN ..." and each
 * word's tag is read back at its position.
 */
public final class Gpt2Tasks {

    /** How each genre is written as words the LM can score (the "verbaliser"). */
    public static final List<String> LABEL_WORDS = List.of(" news", " religion", " hobbies", " science", " love");
    /** What follows a passage in the zero-shot prompt, before the label's words. */
    public static final String ZERO_SHOT_CUE = " This text is about";

    private Gpt2Tasks() {
    }

    /**
     * The scores of every task with their intervals, what they mean, the paired comparisons the table is read for,
     * and some generated tag sequences.
     */
    public record Results(Table table, String description, List<String> comparisons, String tagSamples) {

        /** The genre rows, one bar each, labels in full. */
        public CategoryChart genreFigure() {
            return figure("genre", "Genre as language modelling (test passages)", "accuracy");
        }

        /** The tagging rows scored per word. */
        public CategoryChart tagFigure() {
            return figure("tags", "Tags as language modelling (test words)", "tag accuracy");
        }

        private CategoryChart figure(String task, String title, String measure) {
            Table rows = table.where(table.stringColumn("task").isEqualTo(task)
                    .and(table.stringColumn("measure").isEqualTo(measure)));
            return Figures.bar(title, "method", measure, rows.stringColumn("method").asList(),
                    Map.of(measure, rows.doubleColumn("score").asList()));
        }
    }

    /** One row of the table before it is built. */
    private record Row(String task, String method, String measure, TestAccuracy score) {
    }

    /** Runs both tasks from a saved pre-trained model. */
    public static Results run(Path checkpoint, Gpt2Settings s, Rng rng) throws IOException {
        List<Row> rows = new ArrayList<>();
        List<String> comparisons = new ArrayList<>();
        genre(checkpoint, s, rng.split("genre"), rows, comparisons);
        String[] tagging = tags(checkpoint, s, rng.split("tags"), rows, comparisons);
        Table table = Table.create("Tasks recast as language modelling (test documents)",
                StringColumn.create("task", rows.stream().map(Row::task).toList()),
                StringColumn.create("method", rows.stream().map(Row::method).toList()),
                StringColumn.create("measure", rows.stream().map(Row::measure).toList()));
        Tables.addAccuracy(table, "score", rows.stream().map(Row::score).toList());
        String description = "Genre: passages of 3 sentences, genres " + BrownTasks.GENRES + " written as " + LABEL_WORDS
                + ". Zero-shot compares log p(label words | passage + \"" + ZERO_SHOT_CUE.trim() + "\"); with the prior "
                + "removed, it subtracts log p(label words | \"" + ZERO_SHOT_CUE.trim() + "\") alone (Holtzman et al. 2021's "
                + "domain-conditional PMI). Fine-tuned trains on \"passage = label\" and compares log p(label | passage =), "
                + "with " + s.genreSeeds() + " seeds (zero-shot has no seed: it is deterministic). "
                + "Tags: sentences of at most " + s.maxTagWords() + " words written \"" + tagging[0] + "\"; the model "
                + "generates the tags greedily after \"=\" and each word's tag is compared with Brown's (12 coarse tags); "
                + "one fine-tuning seed. `score_95ci` is the Wilson interval over the `score_n` test items (for tags, "
                + "words: words of one sentence are not independent, so that interval is narrower than it should be).";
        return new Results(table, description, comparisons, tagging[1]);
    }

    // ------------------------------------------------------------------ genre

    static void genre(Path checkpoint, Gpt2Settings s, Rng rng, List<Row> rows, List<String> comparisons)
            throws IOException {
        Random r = rng.random();
        List<BrownTasks.GenrePassage> train = new ArrayList<>(BrownTasks.genrePassages(Split.TRAIN, 3, s.passagesPerGenre(), r));
        Collections.shuffle(train, r);
        List<BrownTasks.GenrePassage> test = new ArrayList<>(BrownTasks.genrePassages(Split.TEST, 3, s.testPerGenre(), r));
        Collections.shuffle(test, r);
        List<String> texts = test.stream().map(BrownTasks.GenrePassage::text).toList();
        int[] gold = test.stream().mapToInt(BrownTasks.GenrePassage::label).toArray();
        int[] trainLabels = train.stream().mapToInt(BrownTasks.GenrePassage::label).toArray();
        TestAccuracy zero = TestAccuracy.of(gold);
        TestAccuracy pmi = TestAccuracy.of(gold);
        TestAccuracy fine = TestAccuracy.of(gold);
        for (int seed = 0; seed < s.genreSeeds(); seed++) {
            try (NDManager m = Engines.newManager()) {
                Pretrained.Gpt2Model loaded = Pretrained.gpt2(checkpoint, m);
                Gpt2 gpt = loaded.model().withAttention(Yours.attention());
                ByteLevelBpe bpe = loaded.tokenizer();
                // The passage keeps its last tokens so that prompt + label + <|endoftext|> fit the context.
                int room = LabelScoring.room(gpt, bpe, LABEL_WORDS);
                double[] none = new double[LABEL_WORDS.size()];
                if (seed == 0) { // zero-shot reads the pre-trained model as it is: one run says all
                    zero.add(LabelScoring.classify(gpt, m, bpe, texts, ZERO_SHOT_CUE, LABEL_WORDS, none, room));
                    double[] prior = LabelScoring.prior(gpt, m, bpe, ZERO_SHOT_CUE, LABEL_WORDS, room);
                    pmi.add(LabelScoring.classify(gpt, m, bpe, texts, ZERO_SHOT_CUE, LABEL_WORDS, prior, room));
                }
                LabelScoring.Sequences seqs = LabelScoring.withLabels(bpe, train.stream()
                        .map(BrownTasks.GenrePassage::text).toList(), trainLabels, " =", LABEL_WORDS, room);
                fineTune(gpt, new LmBatches(seqs.sequences(), seqs.promptLengths(), s.batch(), bpe.endOfText(),
                        rng.split("batches " + seed)), s.genreEpochs(), 5e-4, "genre fine-tuning");
                fine.add(LabelScoring.classify(gpt, m, bpe, texts, " =", LABEL_WORDS, none, room));
            }
        }
        rows.add(new Row("genre", "majority class (of the training labels)", "accuracy",
                TestAccuracy.constant(gold, Evaluation.majorityLabel(trainLabels))));
        rows.add(new Row("genre", "zero-shot", "accuracy", zero));
        rows.add(new Row("genre", "zero-shot, prior removed (PMI)", "accuracy", pmi));
        rows.add(new Row("genre", "fine-tuned on \"text = label\"", "accuracy", fine));
        comparisons.add(pmi.minus(zero, rng.split("compare pmi")).sentence("genre: PMI", "plain zero-shot"));
        comparisons.add(fine.minus(zero, rng.split("compare fine")).sentence("genre: fine-tuned", "plain zero-shot"));
    }

    static void fineTune(Gpt2 gpt, LmBatches batches, int epochs, double lr, String label) {
        TrainLoop.builder().recipe(Recipe.fineTuning(lr)).epochs(epochs).label(label).logEvery(10).build()
                .fit(gpt, batches);
    }

    // ------------------------------------------------------------------ tags as a transduction

    /** A sentence as the model reads it, and its tags as the model should write them. */
    static String source(List<TaggedWord> s) {
        return BrownTasks.text(s);
    }

    static String target(List<TaggedWord> s) {
        return " " + String.join(" ", s.stream().map(w -> BrownTags.universal(w.tag())).toList());
    }

    /** Adds the baselines' and the model's scores; returns an example of the format and generated samples. */
    static String[] tags(Path checkpoint, Gpt2Settings s, Rng rng, List<Row> rows, List<String> comparisons)
            throws IOException {
        Random r = rng.random();
        List<List<TaggedWord>> train = BrownTasks.taggedSentences(Split.TRAIN, 3, s.maxTagWords(), s.tagTrain(), r);
        List<List<TaggedWord>> test = BrownTasks.taggedSentences(Split.TEST, 3, s.maxTagWords(), s.tagTest(), r);
        // Baselines from the training sentences: one tag for every word, and each word's most frequent tag.
        List<TaggedWord> coarse = train.stream().flatMap(List::stream).map(w -> new TaggedWord(
                w.word().toLowerCase(Locale.ROOT), BrownTags.universal(w.tag()))).toList();
        DomainShift.MostFrequentTag perWord = new DomainShift.MostFrequentTag(coarse);
        int[] trainTags = train.stream().flatMapToInt(x -> Arrays.stream(BrownTasks.universalTags(x))).toArray();
        int majority = Evaluation.majorityLabel(trainTags);
        int[] gold = test.stream().flatMapToInt(x -> Arrays.stream(BrownTasks.universalTags(x))).toArray();
        int[] perWordTags = test.stream().flatMap(List::stream)
                .mapToInt(w -> tagId(perWord.tag(w.word().toLowerCase(Locale.ROOT)))).toArray();
        try (NDManager m = Engines.newManager()) {
            Pretrained.Gpt2Model loaded = Pretrained.gpt2(checkpoint, m);
            Gpt2 gpt = loaded.model().withAttention(Yours.attention());
            ByteLevelBpe bpe = loaded.tokenizer();
            List<int[]> seqs = new ArrayList<>();
            int[] promptLengths = new int[train.size()];
            for (int i = 0; i < train.size(); i++) {
                int[] p = bpe.encode(source(train.get(i)) + " =");
                int[] t = bpe.encode(target(train.get(i)));
                int[] seq = Arrays.copyOf(p, Math.min(s.context() + 1, p.length + t.length + 1));
                System.arraycopy(t, 0, seq, p.length, Math.min(t.length, seq.length - p.length));
                seq[seq.length - 1] = bpe.endOfText();
                seqs.add(seq);
                promptLengths[i] = p.length;
            }
            fineTune(gpt, new LmBatches(seqs, promptLengths, s.batch(), bpe.endOfText(), rng.split("batches")),
                    s.tagEpochs(), 1e-3, "tag fine-tuning");
            int[] generated = new int[gold.length];
            int[] sentenceGold = new int[test.size()]; // 1 for every sentence: "all its tags right"
            int[] sentenceRight = new int[test.size()];
            int word = 0;
            StringBuilder samples = new StringBuilder();
            for (int k = 0; k < test.size(); k++) {
                List<TaggedWord> t = test.get(k);
                int[] prompt = bpe.encode(source(t) + " =");
                int room = Math.min(3 * t.size() + 4, s.context() - prompt.length); // what the context leaves
                int[] out = gpt.generate(m, prompt, room, Sampling.greedy(), new Random(0), bpe.endOfText(), true);
                int n = out.length > 0 && out[out.length - 1] == bpe.endOfText() ? out.length - 1 : out.length;
                String[] got = bpe.decode(Arrays.copyOf(out, n)).trim().split("\\s+");
                String[] want = target(t).trim().split(" ");
                boolean all = got.length == want.length;
                for (int i = 0; i < want.length; i++, word++) {
                    generated[word] = i < got.length ? tagId(got[i]) : -1;
                    all &= generated[word] == gold[word];
                }
                sentenceGold[k] = 1;
                sentenceRight[k] = all ? 1 : 0;
                if (samples.length() < 1200) {
                    samples.append("* `").append(source(t)).append(" =` → `").append(String.join(" ", got))
                            .append("` (Brown: `").append(target(t).trim()).append("`)\n");
                }
            }
            TestAccuracy perWordScore = TestAccuracy.of(gold).add(perWordTags);
            TestAccuracy fine = TestAccuracy.of(gold).add(generated);
            rows.add(new Row("tags", "every word \"" + BrownTags.UNIVERSAL.get(majority) + "\" (most frequent tag)",
                    "tag accuracy", TestAccuracy.constant(gold, majority)));
            rows.add(new Row("tags", "most frequent tag per word (unseen: hapax tag)", "tag accuracy", perWordScore));
            rows.add(new Row("tags", "fine-tuned \"sentence = tags\"", "tag accuracy", fine));
            rows.add(new Row("tags", "fine-tuned, whole sentence right", "exact match",
                    TestAccuracy.of(sentenceGold).add(sentenceRight)));
            comparisons.add(fine.minus(perWordScore, rng.split("compare tags")).sentence("tags: fine-tuned GPT-2",
                    "most frequent tag per word"));
            return new String[] {source(train.get(0)) + " =" + target(train.get(0)), samples.toString()};
        }
    }

    /** A coarse tag's index in {@link BrownTags#UNIVERSAL}, or -1 for anything else the model wrote. */
    static int tagId(String tag) {
        return BrownTags.UNIVERSAL.indexOf(tag);
    }
}
