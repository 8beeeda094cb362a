package org.tlnlp.lesson07.lab;

import org.tlnlp.glue.OfflineSuite;
import org.tlnlp.lab.LabSize;
import org.tlnlp.lab.Settings;

/**
 * The sizes of lab 07, each field set by name.
 *
 * @param train           training examples per suite task
 * @param dev             dev examples per suite task (written with the suite; the leaderboard does not use them)
 * @param test            test examples per suite task
 * @param maxLength       word pieces per example for the BERT family
 * @param seeds           how many times every trained method is trained, with different seeds
 * @param miniLmEpochs    fine-tuning epochs of MiniLM (and of BERT-base)
 * @param brownBertEpochs fine-tuning epochs of the small Brown BERT
 * @param gpt2Epochs      fine-tuning epochs of GPT-2 on "text = label"
 * @param mixEpochs       epochs of ELMo's scalar mix + classifier and of the bag-of-words classifier
 * @param bertHidden      the small Brown BERT's width (2 layers, width/64 heads)
 * @param bertSteps       its pre-training steps (masked LM + next sentence, 32 pairs a step)
 * @param gpt2Vocab       the small GPT-2's byte-level BPE vocabulary, learned from Brown
 * @param gpt2Width       its width (2 blocks, width/32 heads)
 * @param gpt2Context     its context in tokens
 * @param gpt2Steps       its pre-training steps (16 windows a step)
 * @param elmoVocab       the small ELMo's softmax vocabulary
 * @param elmoLstm        its LSTM cells (projected to a quarter; 2 layers)
 * @param elmoSteps       its pre-training steps (32 sentences a step)
 */
public record NluSettings(int train, int dev, int test, int maxLength, int seeds, int miniLmEpochs, int brownBertEpochs,
                          int gpt2Epochs, int mixEpochs, int bertHidden, int bertSteps, int gpt2Vocab, int gpt2Width,
                          int gpt2Context, int gpt2Steps, int elmoVocab, int elmoLstm, int elmoSteps) {

    static final NluSettings SMOKE = Settings.of(NluSettings.class, "train", 16, "dev", 8, "test", 16, "maxLength", 32,
            "seeds", 1, "miniLmEpochs", 1, "brownBertEpochs", 1, "gpt2Epochs", 1, "mixEpochs", 2, "bertHidden", 64,
            "bertSteps", 4, "gpt2Vocab", 300, "gpt2Width", 32, "gpt2Context", 48, "gpt2Steps", 4, "elmoVocab", 300,
            "elmoLstm", 32, "elmoSteps", 3);

    static final NluSettings QUICK = Settings.of(NluSettings.class, "train", 300, "dev", 100, "test", 300, "maxLength", 64,
            "seeds", 2, "miniLmEpochs", 2, "brownBertEpochs", 3, "gpt2Epochs", 2, "mixEpochs", 10, "bertHidden", 128,
            "bertSteps", 300, "gpt2Vocab", 1024, "gpt2Width", 128, "gpt2Context", 96, "gpt2Steps", 300, "elmoVocab", 8000,
            "elmoLstm", 256, "elmoSteps", 150);

    static final NluSettings FULL = Settings.of(NluSettings.class, "train", 2000, "dev", 300, "test", 500, "maxLength", 128,
            "seeds", 5, "miniLmEpochs", 3, "brownBertEpochs", 4, "gpt2Epochs", 3, "mixEpochs", 10, "bertHidden", 256,
            "bertSteps", 10000, "gpt2Vocab", 8192, "gpt2Width", 384, "gpt2Context", 256, "gpt2Steps", 20000,
            "elmoVocab", 30000, "elmoLstm", 1024, "elmoSteps", 10000);

    public static NluSettings of(LabSize size) {
        return size.pick(SMOKE, QUICK, FULL);
    }

    /** The suite's sizes. */
    public OfflineSuite.Sizes suite() {
        return new OfflineSuite.Sizes(train, dev, test);
    }
}
