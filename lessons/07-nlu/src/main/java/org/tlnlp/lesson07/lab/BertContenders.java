package org.tlnlp.lesson07.lab;

import ai.djl.ndarray.NDManager;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.glue.BertFineTuning;
import org.tlnlp.glue.TaskData;
import org.tlnlp.io.Checkpoints;
import org.tlnlp.models.bert.Bert;
import org.tlnlp.models.bert.BertClassifier;
import org.tlnlp.models.bert.MiniLM;
import org.tlnlp.text.BertTokenizer;

/**
 * The BERT family, fine-tuned as Devlin et al. fine-tune BERT on GLUE ({@link BertFineTuning}): MiniLM (pre-trained by
 * others on a billion sentence pairs), the small BERT pre-trained on Brown here, and BERT-base (see {@link #bertBase}).
 */
public final class BertContenders {

    private BertContenders() {
    }

    /** A BERT-family encoder fine-tuned on each task, a fresh copy per run. */
    public static Contender fineTuned(String name, BertFineTuning.EncoderSource source, int epochs, double lr, NluSettings s) {
        BertFineTuning.Settings settings = new BertFineTuning.Settings(epochs, 16, lr, s.maxLength(), 64);
        return new Contender() {
            public String name() {
                return name;
            }

            public int seeds() {
                return s.seeds();
            }

            public int[] run(TaskData task, Rng seed) throws Exception {
                try (NDManager m = Engines.newManager()) {
                    BertFineTuning.Tuned t = BertFineTuning.fit(m, source.load(m), task.spec(), task.train(), settings, seed,
                            name.length() > 14 ? name.substring(0, 14) : name);
                    return t.predict(m, task.onlyTest()).labels();
                }
            }
        };
    }

    /** all-MiniLM-L6-v2, mean-pooled (its export has no pooler). */
    public static Contender miniLm(NluSettings s) {
        BertTokenizer tokenizer = MiniLM.tokenizer();
        return fineTuned("MiniLM, fine-tuned", m -> new BertFineTuning.Encoder(MiniLM.load(m), tokenizer,
                BertClassifier.Pooling.MEAN), s.miniLmEpochs(), 5e-5, s);
    }

    /** The small Brown BERT, mean-pooled as in lesson 05, a copy of its pre-trained weights per run. */
    public static Contender brownBert(Bert pretrained, BertTokenizer tokenizer, NluSettings s) {
        return fineTuned("small Brown BERT, fine-tuned", m -> {
            Bert copy = Bert.create(pretrained.config(), m);
            Checkpoints.copy(pretrained.namedParameters(), copy.namedParameters());
            return new BertFineTuning.Encoder(copy, tokenizer, BertClassifier.Pooling.MEAN);
        }, s.brownBertEpochs(), 5e-4, s);
    }

    /**
     * BERT-base uncased, fine-tuned with the pooler on [CLS] at the paper's rate: one more row of the leaderboard.
     * Its loader, {@code Pretrained.bertBaseUncasedEncoder}, arrives with another branch of the course; once it is
     * on the class path this is the encoder source to pass:
     * <pre>
     *   m -&gt; { var b = Pretrained.bertBaseUncasedEncoder(m);
     *          return new BertFineTuning.Encoder(b.model(), b.tokenizer(), BertClassifier.Pooling.POOLER); }
     * </pre>
     * It is about eight times MiniLM's work per word piece (12 layers of width 768 against 6 of 384), so it belongs
     * to the full size (a GPU); {@link NluLab} adds it there.
     */
    public static Contender bertBase(BertFineTuning.EncoderSource source, NluSettings s) {
        return fineTuned("BERT-base uncased, fine-tuned", source, s.miniLmEpochs(), 2e-5, s);
    }
}
