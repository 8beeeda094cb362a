package org.tlnlp.glue;

import org.tlnlp.data.BrownCorpus;
import org.tlnlp.data.BrownTasks;
import org.tlnlp.data.SentencePairs;
import org.tlnlp.data.SentimentSentences;
import org.tlnlp.data.SpamAssassin;
import org.tlnlp.data.Split;
import org.tlnlp.data.TaggedWord;
import org.tlnlp.glue.TaskFormat.Column;
import org.tlnlp.glue.TaskFormat.File;
import org.tlnlp.glue.TaskFormat.Layout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static org.tlnlp.glue.GlueMetric.ACCURACY;
import static org.tlnlp.glue.GlueMetric.F1;
import static org.tlnlp.glue.GlueMetric.MATTHEWS;

/**
 * The course's offline suite: five tasks in GLUE's format made from data that ships with the course, for learners
 * who do not have GLUE (no package registry carries it). Two are real labelled sets as they come; three are derived
 * from the Brown corpus, and say how. None of them is a GLUE task, and their scores are not GLUE scores.
 *
 * <ul>
 *   <li><b>Sentiment</b>: the Sentiment Labelled Sentences (IMDb, Yelp, Amazon reviews; Kotzias et al. 2015), each
 *       sentence negative or positive. Single sentences, accuracy (like SST-2).</li>
 *   <li><b>Spam</b>: the SpamAssassin public corpus, each e-mail (subject and body, white space collapsed, cut at
 *       {@value #SPAM_CHARS} characters) ham or spam. F1 of spam and accuracy (like MRPC and QQP: the positive class
 *       is the rarer one, about a third).</li>
 *   <li><b>BrownGenre</b>: passages of three sentences from Brown documents of five genres; which genre? Accuracy
 *       (like MNLI, more than two classes).</li>
 *   <li><b>BrownNext</b>, derived: two sentences of a Brown document; is the second the one that follows the first
 *       in the same document ({@code next}), or a sentence drawn from another document of the same split
 *       ({@code not_next})? Each sentence of a document is paired with its successor or, with probability 1/2,
 *       with a random other one: BERT's next-sentence pairs ({@link SentencePairs}). Accuracy.</li>
 *   <li><b>BrownAccept</b>, derived: a Brown sentence of 6 to 25 words, either as written ({@code acceptable}) or,
 *       with probability 1/2, damaged by one edit ({@code unacceptable}): two neighbouring words swapped, a word
 *       moved at least two places, or a word doubled; the edits touch words with a letter in them, never
 *       punctuation alone. Each sentence appears once, intact or damaged, never both. Most damaged sentences are
 *       ungrammatical, but not all ("red and blue" to "blue and red" is still English), so the task's ceiling is
 *       below 1. Matthews correlation (like CoLA).</li>
 * </ul>
 *
 * Every task's training examples come from the data set's training part, its dev examples from the validation
 * part and its test examples from the test part (Brown: by document; the sentiment and spam sets: their fixed
 * splits), so no text is both trained and tested on. Test labels are kept in {@code test_labels.tsv}, apart from
 * the unlabelled {@code test.tsv}, standing in for the benchmark's server.
 */
public final class OfflineSuite {

    /** The seed the suite is drawn with unless told otherwise. */
    public static final long SEED = 7_2019L;
    /** The most characters of an e-mail's text kept. */
    public static final int SPAM_CHARS = 600;

    /**
     * How many examples each task takes from each part (fewer where a part has fewer).
     *
     * @param train training examples per task
     * @param dev   dev examples per task
     * @param test  test examples per task
     */
    public record Sizes(int train, int dev, int test) {
        public static final Sizes SMOKE = new Sizes(40, 20, 30);
        public static final Sizes QUICK = new Sizes(300, 100, 300);
        public static final Sizes FULL = new Sizes(2000, 300, 500);
    }

    private static final String HELD = "test_labels.tsv";

    public static final TaskFormat SENTIMENT = single(TaskSpec.classification("Sentiment", List.of("negative", "positive"),
            List.of(ACCURACY), false, "Sentiment Labelled Sentences (IMDb, Yelp, Amazon reviews, Kotzias et al. 2015): "
                    + "is the review sentence negative or positive? Real labels."));
    public static final TaskFormat SPAM = single(TaskSpec.classification("Spam", List.of("ham", "spam"),
            List.of(F1, ACCURACY), false, "SpamAssassin public corpus: is the e-mail (subject and body, cut at "
                    + SPAM_CHARS + " characters) spam? Real labels; F1 of spam and accuracy."));
    public static final TaskFormat GENRE = single(TaskSpec.classification("BrownGenre", BrownTasks.GENRES,
            List.of(ACCURACY), false, "Brown corpus: the genre of a passage of three sentences, one of "
                    + BrownTasks.GENRES + ". Real labels (the corpus's own genres)."));
    public static final TaskFormat NEXT = pair(TaskSpec.classification("BrownNext", List.of("not_next", "next"),
            List.of(ACCURACY), true, "Derived from Brown: is the second sentence the one that follows the first in the "
                    + "same document, or a sentence of another document? Made like BERT's next-sentence pairs."));
    public static final TaskFormat ACCEPT = single(TaskSpec.classification("BrownAccept", List.of("unacceptable",
            "acceptable"), List.of(MATTHEWS), false, "Derived from Brown: is the sentence as written, or damaged by one "
                    + "edit (two neighbouring words swapped, a word moved, a word doubled)? Some damaged sentences are "
                    + "still English, so the ceiling is below 1."));

    private OfflineSuite() {
    }

    /** The five tasks' formats, in the suite's order. */
    public static List<TaskFormat> formats() {
        return List.of(SENTIMENT, SPAM, GENRE, NEXT, ACCEPT);
    }

    private static TaskFormat single(TaskSpec spec) {
        Layout labelled = new Layout(true, Column.named("index"), Column.named("sentence"), null, Column.named("label"));
        Layout test = new Layout(true, Column.named("index"), Column.named("sentence"), null, null);
        return format(spec, labelled, test);
    }

    private static TaskFormat pair(TaskSpec spec) {
        Layout labelled = new Layout(true, Column.named("index"), Column.named("sentence1"), Column.named("sentence2"),
                Column.named("label"));
        Layout test = new Layout(true, Column.named("index"), Column.named("sentence1"), Column.named("sentence2"), null);
        return format(spec, labelled, test);
    }

    private static TaskFormat format(TaskSpec spec, Layout labelled, Layout test) {
        return new TaskFormat(spec, spec.name(), File.labelled("train", "train.tsv", labelled),
                List.of(File.labelled("dev", "dev.tsv", labelled)),
                List.of(new File("test", "test.tsv", test, spec.name() + ".tsv", HELD)));
    }

    /** All five tasks, drawn with {@code seed}. */
    public static List<TaskData> build(Sizes sizes, long seed) {
        Random r = new Random(seed);
        return List.of(sentiment(sizes, new Random(r.nextLong())), spam(sizes, new Random(r.nextLong())),
                genre(sizes, new Random(r.nextLong())), next(sizes, new Random(r.nextLong())),
                acceptability(sizes, new Random(r.nextLong())));
    }

    /** A task from one maker of examples per part. */
    private static TaskData task(TaskFormat f, Sizes sizes, Function<Split, List<Example>> part, Random r) {
        Map<String, List<Example>> dev = new LinkedHashMap<>();
        dev.put("dev", take(part.apply(Split.VALIDATION), sizes.dev(), r));
        Map<String, List<Example>> test = new LinkedHashMap<>();
        test.put("test", take(part.apply(Split.TEST), sizes.test(), r));
        return new TaskData(f, take(part.apply(Split.TRAIN), sizes.train(), r), dev, test, List.of());
    }

    /** Shuffled, the first {@code n}, numbered 0.. as their index. */
    private static List<Example> take(List<Example> all, int n, Random r) {
        List<Example> copy = new ArrayList<>(all);
        Collections.shuffle(copy, r);
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < Math.min(n, copy.size()); i++) {
            Example e = copy.get(i);
            out.add(new Example(Integer.toString(i), e.textA(), e.textB(), e.label()));
        }
        return out;
    }

    public static TaskData sentiment(Sizes sizes, Random r) {
        SentimentSentences data = SentimentSentences.load();
        return task(SENTIMENT, sizes, split -> data.examples(split).stream().map(s -> new Example("0", clean(s.text()),
                null, SentimentSentences.LABELS.get(s.label()))).toList(), r);
    }

    public static TaskData spam(Sizes sizes, Random r) {
        SpamAssassin data = SpamAssassin.load();
        return task(SPAM, sizes, split -> data.examples(split).stream().map(e -> new Example("0", cut(clean(e.text())),
                null, SpamAssassin.LABELS.get(e.label()))).toList(), r);
    }

    public static TaskData genre(Sizes sizes, Random r) {
        return task(GENRE, sizes, split -> {
            int n = split == Split.TRAIN ? sizes.train() : split == Split.VALIDATION ? sizes.dev() : sizes.test();
            int perGenre = (n + BrownTasks.GENRES.size() - 1) / BrownTasks.GENRES.size();
            return BrownTasks.genrePassages(split, 3, perGenre, r).stream().map(p -> new Example("0", p.text(), null,
                    BrownTasks.GENRES.get(p.label()))).toList();
        }, r);
    }

    public static TaskData next(Sizes sizes, Random r) {
        return task(NEXT, sizes, split -> SentencePairs.nextSentence(BrownTasks.documents(split), r).stream()
                .map(p -> new Example("0", p.first(), p.second(), p.isNext() ? "next" : "not_next")).toList(), r);
    }

    public static TaskData acceptability(Sizes sizes, Random r) {
        return task(ACCEPT, sizes, split -> {
            List<Example> out = new ArrayList<>();
            for (BrownCorpus.Document d : BrownCorpus.load().documents(split)) {
                for (List<TaggedWord> s : d.sentences()) {
                    if (s.size() < 6 || s.size() > 25) {
                        continue;
                    }
                    List<String> words = BrownTasks.words(s);
                    boolean damage = r.nextBoolean();
                    List<String> shown = damage ? damaged(words, r) : words;
                    out.add(new Example("0", String.join(" ", shown), null, damage ? "unacceptable" : "acceptable"));
                }
            }
            return out;
        }, r);
    }

    /**
     * The sentence with one edit, drawn with {@code r}: two neighbouring words swapped, a word moved two or more
     * places (never past the sentence's closing punctuation), or a word doubled, each a third of the time; only words
     * with a letter in them are touched, and the result always differs from the sentence.
     */
    public static List<String> damaged(List<String> words, Random r) {
        List<Integer> wordy = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            if (words.get(i).chars().anyMatch(Character::isLetter)) {
                wordy.add(i);
            }
        }
        if (wordy.isEmpty()) {
            throw new IllegalArgumentException("no word to edit in " + words);
        }
        for (int attempt = 0; attempt < 50; attempt++) {
            List<String> w = new ArrayList<>(words);
            int i = wordy.get(r.nextInt(wordy.size()));
            switch (r.nextInt(3)) {
                case 0 -> { // swap with the next word, if that is a different word too
                    if (i + 1 < w.size() && wordy.contains(i + 1) && !w.get(i).equalsIgnoreCase(w.get(i + 1))) {
                        Collections.swap(w, i, i + 1);
                    }
                }
                case 1 -> { // move two or more places, staying before the closing punctuation
                    String x = w.remove(i);
                    int lastWord = -1;
                    for (int k = 0; k < w.size(); k++) {
                        lastWord = w.get(k).chars().anyMatch(Character::isLetter) ? k : lastWord;
                    }
                    int to = r.nextInt(lastWord + 2);
                    if (Math.abs(to - i) >= 2) {
                        w.add(to, x);
                    } else {
                        w.add(i, x);
                    }
                }
                default -> w.add(i, w.get(i));
            }
            if (!w.equals(words)) {
                return w;
            }
        }
        List<String> w = new ArrayList<>(words);
        int i = wordy.get(0);
        w.add(i, w.get(i)); // doubling always changes the sentence
        return w;
    }

    /** White space (tabs and line breaks too) collapsed to single spaces: GLUE's unquoted format cannot hold them. */
    static String clean(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    /** At most {@link #SPAM_CHARS} characters, cut at a space where there is one. */
    static String cut(String text) {
        if (text.length() <= SPAM_CHARS) {
            return text;
        }
        int space = text.lastIndexOf(' ', SPAM_CHARS);
        return text.substring(0, space > SPAM_CHARS / 2 ? space : SPAM_CHARS);
    }
}
