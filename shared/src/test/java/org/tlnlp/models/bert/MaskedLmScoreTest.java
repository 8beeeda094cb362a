package org.tlnlp.models.bert;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.tlnlp.data.BrownTasks;
import org.tlnlp.data.SentencePairs;
import org.tlnlp.data.Split;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.text.BertTokenizer;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link MaskedLmScore}: the same masks as {@link BertPretraining#accuracy}, and the loss the objective trains on. */
class MaskedLmScoreTest {

    @Test
    void accuracyIsTheHeadsAndLossIsTheObjectivesOnTheSameMasks() {
        BertTokenizer tokenizer = MiniLM.tokenizer();
        List<SentencePairs.Pair> held = SentencePairs.nextSentence(BrownTasks.documents(Split.VALIDATION), new Random(1))
                .subList(0, 24);
        try (NDManager m = Engines.newManager()) {
            new Rng(2).seedEngine();
            BertPretraining model = new BertPretraining(Bert.create(new BertConfig(tokenizer.vocabulary().size(), 32, 2, 2,
                    64, 40, 2, 1e-12f, 0.1f), m), false);
            model.initialize(m);
            MaskedLmScore score = MaskedLmScore.of(model, m, held, tokenizer, 40, 24, 7);
            assertEquals(model.accuracy(m, held, tokenizer, 40, 24, 7).maskedLm(), score.accuracy(), 1e-12);
            // One batch of all 24 pairs: the objective's loss is the mean over the same masked tokens.
            MlmNspBatch batch = MlmNspBatch.of(m, held, tokenizer, 40, new Random(7));
            float loss = model.loss(new ParameterStore(m, false), batch, false).getFloat();
            assertEquals(loss, score.loss(), 1e-5 * loss);
            assertEquals(batch.maskedTargets().size(), score.tokens());
            assertEquals(Math.exp(score.loss()), score.perplexity(), 1e-9);
            assertTrue(score.loss() > Math.log(tokenizer.vocabulary().size()) - 1, "an untrained head is near uniform: "
                    + score.loss());
        }
    }
}
