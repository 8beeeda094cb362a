package org.tlnlp.lesson06.lab;

import ai.djl.ndarray.NDManager;
import org.knowm.xchart.CategoryChart;
import org.tlnlp.analysis.DomainShift;
import org.tlnlp.analysis.Evaluation;
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
import org.tlnlp.text.ByteLevelBpe;
import org.tlnlp.train.Recipe;
import org.tlnlp.train.TrainLoop;
import tech.tablesaw.api.DoubleColumn;
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

    /** The scores of every task, what they mean, and some generated tag sequences. */
    public record Results(Table table, String description, String tagSamples) {
        public CategoryChart figure() {
            return Figures.bar("Tasks as language modelling", "method", "score",
                    table.stringColumn("method").asList().stream().map(m -> m.length() > 28 ? m.substring(0, 28) : m).toList(),
                    Map.of("score", table.doubleColumn("score").asList()));
        }
    }

    /** Runs both tasks from a saved pre-trained model. */
    public static Results run(Path checkpoint, Gpt2Settings s, Rng rng) throws IOException {
        Table table = Table.create("Tasks recast as language modelling (test documents)", StringColumn.create("task"),
                StringColumn.create("method"), DoubleColumn.create("score"), StringColumn.create("measure"));
        genre(checkpoint, s, rng.split("genre"), table);
        String[] tagging = tags(checkpoint, s, rng.split("tags"), table);
        String description = "Genre: passages of 3 sentences, genres " + BrownTasks.GENRES + " written as " + LABEL_WORDS
                + ". Zero-shot compares log p(label words | passage + \"" + ZERO_SHOT_CUE.trim() + "\"); with the prior "
                + "removed, it subtracts log p(label words | \"" + ZERO_SHOT_CUE.trim() + "\") alone (Holtzman et al. 2021's "
                + "domain-conditional PMI). Fine-tuned trains on \"passage = label\" and compares log p(label | passage =). "
                + "Tags: sentences of at most " + s.maxTagWords() + " words written \"" + tagging[0] + "\"; the model "
                + "generates the tags greedily after \"=\" and each word's tag is compared with Brown's (12 coarse tags).";
        return new Results(table, description, tagging[1]);
    }

    static void add(Table t, String task, String method, double score, String measure) {
        t.stringColumn("task").append(task);
        t.stringColumn("method").append(method);
        t.doubleColumn("score").append(score);
        t.stringColumn("measure").append(measure);
    }

    // ------------------------------------------------------------------ genre

    static void genre(Path checkpoint, Gpt2Settings s, Rng rng, Table table) throws IOException {
        Random r = rng.random();
        List<BrownTasks.GenrePassage> train = new ArrayList<>(BrownTasks.genrePassages(Split.TRAIN, 3, s.passagesPerGenre(), r));
        Collections.shuffle(train, r);
        List<BrownTasks.GenrePassage> test = new ArrayList<>(BrownTasks.genrePassages(Split.TEST, 3, s.testPerGenre(), r));
        Collections.shuffle(test, r);
        List<String> texts = test.stream().map(BrownTasks.GenrePassage::text).toList();
        int[] gold = test.stream().mapToInt(BrownTasks.GenrePassage::label).toArray();
        try (NDManager m = Engines.newManager()) {
            Pretrained.Gpt2Model loaded = Pretrained.gpt2(checkpoint, m);
            Gpt2 gpt = loaded.model();
            ByteLevelBpe bpe = loaded.tokenizer();
            // The passage keeps its last tokens so that prompt + label + <|endoftext|> fit the context.
            int room = LabelScoring.room(gpt, bpe, LABEL_WORDS);
            double[] none = new double[LABEL_WORDS.size()];
            double zero = accuracy(LabelScoring.classify(gpt, m, bpe, texts, ZERO_SHOT_CUE, LABEL_WORDS, none, room), gold);
            double[] prior = LabelScoring.prior(gpt, m, bpe, ZERO_SHOT_CUE, LABEL_WORDS, room);
            double pmi = accuracy(LabelScoring.classify(gpt, m, bpe, texts, ZERO_SHOT_CUE, LABEL_WORDS, prior, room), gold);
            LabelScoring.Sequences seqs = LabelScoring.withLabels(bpe, train.stream().map(BrownTasks.GenrePassage::text)
                    .toList(), train.stream().mapToInt(BrownTasks.GenrePassage::label).toArray(), " =", LABEL_WORDS, room);
            fineTune(gpt, new LmBatches(seqs.sequences(), seqs.promptLengths(), s.batch(), bpe.endOfText(),
                    rng.split("batches")), s.genreEpochs(), 5e-4, "genre fine-tuning");
            double fine = accuracy(LabelScoring.classify(gpt, m, bpe, texts, " =", LABEL_WORDS, none, room), gold);
            add(table, "genre", "chance (1 / 5)", 1.0 / BrownTasks.GENRES.size(), "accuracy");
            add(table, "genre", "zero-shot", zero, "accuracy");
            add(table, "genre", "zero-shot, prior removed (PMI)", pmi, "accuracy");
            add(table, "genre", "fine-tuned on \"text = label\"", fine, "accuracy");
        }
    }

    static double accuracy(int[] predicted, int[] gold) {
        return Evaluation.accuracy(predicted, gold);
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
    static String[] tags(Path checkpoint, Gpt2Settings s, Rng rng, Table table) throws IOException {
        Random r = rng.random();
        List<List<TaggedWord>> train = BrownTasks.taggedSentences(Split.TRAIN, 3, s.maxTagWords(), s.tagTrain(), r);
        List<List<TaggedWord>> test = BrownTasks.taggedSentences(Split.TEST, 3, s.maxTagWords(), s.tagTest(), r);
        // Baselines from the training sentences: one tag for every word, and each word's most frequent tag.
        List<TaggedWord> coarse = train.stream().flatMap(List::stream).map(w -> new TaggedWord(
                w.word().toLowerCase(Locale.ROOT), BrownTags.universal(w.tag()))).toList();
        DomainShift.MostFrequentTag perWord = new DomainShift.MostFrequentTag(coarse);
        int[] trainTags = train.stream().flatMapToInt(x -> Arrays.stream(BrownTasks.universalTags(x))).toArray();
        String majority = BrownTags.UNIVERSAL.get(mode(trainTags));
        long total = 0;
        long majorityRight = 0;
        long perWordRight = 0;
        for (List<TaggedWord> t : test) {
            for (TaggedWord w : t) {
                String gold = BrownTags.universal(w.tag());
                total++;
                majorityRight += gold.equals(majority) ? 1 : 0;
                perWordRight += gold.equals(perWord.tag(w.word().toLowerCase(Locale.ROOT))) ? 1 : 0;
            }
        }
        try (NDManager m = Engines.newManager()) {
            Pretrained.Gpt2Model loaded = Pretrained.gpt2(checkpoint, m);
            Gpt2 gpt = loaded.model();
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
            long right = 0;
            int exact = 0;
            StringBuilder samples = new StringBuilder();
            for (List<TaggedWord> t : test) {
                int[] prompt = bpe.encode(source(t) + " =");
                int room = Math.min(3 * t.size() + 4, s.context() - prompt.length); // what the context leaves
                int[] out = gpt.generate(m, prompt, room, Sampling.greedy(), new Random(0), bpe.endOfText(), true);
                int n = out.length > 0 && out[out.length - 1] == bpe.endOfText() ? out.length - 1 : out.length;
                String[] got = bpe.decode(Arrays.copyOf(out, n)).trim().split("\\s+");
                String[] want = target(t).trim().split(" ");
                int ok = 0;
                for (int i = 0; i < want.length; i++) {
                    ok += i < got.length && got[i].equals(want[i]) ? 1 : 0;
                }
                right += ok;
                exact += ok == want.length && got.length == want.length ? 1 : 0;
                if (samples.length() < 1200) {
                    samples.append("* `").append(source(t)).append(" =` → `").append(String.join(" ", got))
                            .append("` (Brown: `").append(target(t).trim()).append("`)\n");
                }
            }
            add(table, "tags", "every word \"" + majority + "\" (most frequent tag)", majorityRight / (double) total,
                    "tag accuracy");
            add(table, "tags", "most frequent tag per word (unseen: hapax tag)", perWordRight / (double) total, "tag accuracy");
            add(table, "tags", "fine-tuned \"sentence = tags\"", right / (double) total, "tag accuracy");
            add(table, "tags", "fine-tuned, whole sentence right", exact / (double) test.size(), "exact match");
            return new String[] {source(train.get(0)) + " =" + target(train.get(0)), samples.toString()};
        }
    }

    /** The most frequent value (ties: the smallest). */
    static int mode(int[] values) {
        int[] counts = new int[Arrays.stream(values).max().orElse(0) + 1];
        for (int v : values) {
            counts[v]++;
        }
        int best = 0;
        for (int i = 1; i < counts.length; i++) {
            best = counts[i] > counts[best] ? i : best;
        }
        return best;
    }
}
