package org.tlnlp.lesson05.lab;

import ai.djl.ndarray.NDManager;
import org.tlnlp.data.BrownTasks;
import org.tlnlp.data.SentimentSentences;
import org.tlnlp.data.Split;
import org.tlnlp.engine.Rng;
import org.tlnlp.lesson05.lab.BertClassification.Method;
import org.tlnlp.lesson05.lab.BertClassification.Result;
import org.tlnlp.lesson05.lab.BertClassification.Task;
import org.tlnlp.models.Pretrained;
import org.tlnlp.models.bert.Bert;
import org.tlnlp.models.bert.ClassificationBatches;
import org.tlnlp.models.bert.MiniLM;
import org.tlnlp.text.BertTokenizer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Parts 3 and 4 of lab 05. Part 3: the genre of a Brown passage, with MiniLM frozen and fine-tuned, and the small
 * BERT of part 2 fine-tuned against the same architecture without pre-training. Part 4: the sentiment of a
 * review sentence (the first real labelled task beyond Brown), with BERT-base, MiniLM and the small BERT.
 */
public final class ClassificationTasks {

    private ClassificationTasks() {
    }

    // ------------------------------------------------------------------ part 3: genre

    /** Genre passages of 3 sentences, {@code passagesPerGenre} per genre to train, {@code testPerGenre} to test. */
    public static Task genre(BertTokenizer tokenizer, BertSettings s, Rng rng) {
        Random r = rng.random();
        return new Task("Genre", encode(tokenizer, BrownTasks.genrePassages(Split.TRAIN, 3, s.passagesPerGenre(), r)
                        .stream().map(p -> new Example(p.text(), p.label())).toList(), s.maxLength(), s.batch()),
                encode(tokenizer, BrownTasks.genrePassages(Split.TEST, 3, s.testPerGenre(), r).stream()
                        .map(p -> new Example(p.text(), p.label())).toList(), s.maxLength(), s.batch()),
                BrownTasks.GENRES.size());
    }

    public static Result genreMethods(Task task, Bert small, BertSettings s, Rng rng) throws Exception {
        Map<String, Method> methods = new LinkedHashMap<>();
        methods.put("MiniLM, frozen (feature extraction)", BertClassification.frozen("MiniLM frozen + linear",
                ClassificationTasks::miniLM, s.batch()));
        methods.put("MiniLM, fine-tuned", BertClassification.fineTuned("MiniLM fine-tuned", ClassificationTasks::miniLM,
                5e-5, s.fineTuneEpochs(), s.batch()));
        methods.put("small BERT pre-trained on Brown, fine-tuned", BertClassification.fineTuned(
                "small BERT, pre-trained on Brown", BertClassification.copyOf(small), 5e-4, s.fineTuneEpochs(), s.batch()));
        methods.put("small BERT without pre-training", BertClassification.fineTuned("small BERT, no pre-training",
                BertClassification.freshLike(small), 5e-4, s.fineTuneEpochs(), s.batch()));
        return BertClassification.compare(task, methods, s.seeds(), List.of(
                new String[] {"MiniLM, fine-tuned", "MiniLM, frozen (feature extraction)"},
                new String[] {"small BERT pre-trained on Brown, fine-tuned", "small BERT without pre-training"}), rng);
    }

    // ------------------------------------------------------------------ part 4: sentiment

    /**
     * Sentiment sentences (IMDb, Yelp and Amazon reviews): {@code sentimentTrain} training sentences drawn evenly
     * from the three sources and two labels, and the whole fixed test split (or its first {@code sentimentTest}).
     */
    public static Task sentiment(BertTokenizer tokenizer, BertSettings s, Rng rng) {
        SentimentSentences data = SentimentSentences.load();
        Random r = rng.random();
        List<Example> train = new ArrayList<>();
        int per = s.sentimentTrain() / (SentimentSentences.SOURCES.size() * SentimentSentences.LABELS.size());
        for (String source : SentimentSentences.SOURCES) {
            for (int label = 0; label < SentimentSentences.LABELS.size(); label++) {
                int l = label;
                List<SentimentSentences.Sentence> pool = new ArrayList<>(data.examples(Split.TRAIN, source).stream()
                        .filter(x -> x.label() == l).toList());
                Collections.shuffle(pool, r);
                pool.stream().limit(per).forEach(x -> train.add(new Example(x.text(), x.label())));
            }
        }
        Collections.shuffle(train, r);
        List<Example> test = data.examples(Split.TEST).stream().limit(s.sentimentTest())
                .map(x -> new Example(x.text(), x.label())).toList();
        return new Task("Sentiment", encode(tokenizer, train, s.sentimentMaxLength(), s.batch()),
                encode(tokenizer, test, s.sentimentMaxLength(), s.batch()), SentimentSentences.LABELS.size());
    }

    public static Result sentimentMethods(Task task, Bert small, BertSettings s, Rng rng) throws Exception {
        Map<String, Method> methods = new LinkedHashMap<>();
        methods.put("BERT-base, frozen (feature extraction)", BertClassification.frozen("BERT-base frozen + linear",
                ClassificationTasks::bertBase, s.batch()));
        methods.put("BERT-base, fine-tuned", BertClassification.fineTuned("BERT-base fine-tuned",
                ClassificationTasks::bertBase, 3e-5, s.sentimentEpochs(), s.batch()));
        methods.put("MiniLM, frozen (feature extraction)", BertClassification.frozen("MiniLM frozen + linear",
                ClassificationTasks::miniLM, s.batch()));
        methods.put("MiniLM, fine-tuned", BertClassification.fineTuned("MiniLM fine-tuned", ClassificationTasks::miniLM,
                5e-5, s.sentimentEpochs(), s.batch()));
        methods.put("small BERT pre-trained on Brown, fine-tuned", BertClassification.fineTuned(
                "small BERT, pre-trained on Brown", BertClassification.copyOf(small), 5e-4, s.sentimentEpochs(), s.batch()));
        return BertClassification.compare(task, methods, s.sentimentSeeds(), List.of(
                new String[] {"BERT-base, fine-tuned", "BERT-base, frozen (feature extraction)"},
                new String[] {"BERT-base, fine-tuned", "MiniLM, fine-tuned"},
                new String[] {"MiniLM, fine-tuned", "small BERT pre-trained on Brown, fine-tuned"}), rng);
    }

    // ------------------------------------------------------------------ encoders and encoding

    static Bert miniLM(NDManager m) throws IOException {
        return MiniLM.load(m).withAttention(Yours.attention());
    }

    static Bert bertBase(NDManager m) throws IOException {
        return Pretrained.bertBaseUncasedEncoder(m).model().withAttention(Yours.attention());
    }

    /** A text and its label. */
    record Example(String text, int label) {
    }

    static ClassificationBatches encode(BertTokenizer tokenizer, List<Example> examples, int maxLength, int batch) {
        return new ClassificationBatches(examples.stream().map(x -> tokenizer.encode(x.text(), null, maxLength)).toList(),
                examples.stream().mapToInt(Example::label).toArray(), batch, tokenizer.id(BertTokenizer.PAD), new Rng(0));
    }
}
