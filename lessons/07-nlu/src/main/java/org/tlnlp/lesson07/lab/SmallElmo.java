package org.tlnlp.lesson07.lab;

import ai.djl.ndarray.NDManager;
import org.tlnlp.data.BrownTasks;
import org.tlnlp.data.Split;
import org.tlnlp.engine.Rng;
import org.tlnlp.models.elmo.BiLanguageModel;
import org.tlnlp.models.elmo.BiLmBatch;
import org.tlnlp.models.elmo.Elmo;
import org.tlnlp.models.elmo.ElmoOptions;
import org.tlnlp.text.Vocabulary;
import org.tlnlp.train.Recipe;
import org.tlnlp.train.SampledBatches;
import org.tlnlp.train.TrainLoop;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * ELMo's biLM for the comparison: a small ELMo (character CNN, two biLSTM layers) pre-trained on Brown's training
 * sentences as a forward and a backward language model, as lab 04 does, with this lab's own sizes.
 */
final class SmallElmo {

    private SmallElmo() {
    }

    /** The trained model, its held-out perplexities (forward, backward) and its training time. */
    record Trained(Elmo elmo, double forwardPerplexity, double backwardPerplexity, double seconds) {
    }

    static Trained train(NDManager m, LayerEvolutionSettings s, Rng rng) {
        List<List<String>> train = BrownTasks.sentences(Split.TRAIN, s.elmoMaxWords());
        List<List<String>> val = new ArrayList<>(BrownTasks.sentences(Split.VALIDATION, s.elmoMaxWords()));
        Collections.shuffle(val, new Random(7));
        List<List<String>> held = val.subList(0, Math.min(s.evalWindows(), val.size()));
        Vocabulary vocab = BiLmBatch.vocabulary(train, s.elmoVocab());
        rng.seedEngine();
        ElmoOptions options = new ElmoOptions(List.of(new ElmoOptions.Filter(1, 32), new ElmoOptions.Filter(2, 32),
                new ElmoOptions.Filter(3, 64), new ElmoOptions.Filter(4, 128)), 1, 16, "relu", s.elmoLstm(),
                s.elmoProjection(), 2, 3f, 3f, true);
        BiLanguageModel lm = new BiLanguageModel(Elmo.create(options, 1, 0f, m), vocab.size(), 0, rng.random().nextLong());
        lm.initialize(m);
        // Batches from a random stretch of the sentences sorted by length, so that a batch pads little (as lab 04).
        List<List<String>> byLength = new ArrayList<>(train);
        byLength.sort(Comparator.comparingInt(List::size));
        int pool = Math.min(byLength.size(), 8 * s.elmoBatch());
        SampledBatches<BiLmBatch> batches = new SampledBatches<>(s.elmoSteps(), rng.random().nextLong(), (mm, r) -> {
            int from = r.nextInt(byLength.size() - pool + 1);
            List<List<String>> chosen = new ArrayList<>();
            for (int i = 0; i < s.elmoBatch(); i++) {
                chosen.add(byLength.get(from + r.nextInt(pool)));
            }
            return BiLmBatch.of(mm, chosen, vocab);
        });
        long t0 = System.nanoTime();
        TrainLoop.builder().recipe(Recipe.pretraining(2e-3)).epochs(1).label("biLM").logEvery(Math.max(1, s.elmoSteps() / 20))
                .build().fit(lm, batches);
        double seconds = (System.nanoTime() - t0) / 1e9;
        BiLanguageModel.Perplexity p = lm.perplexity(m, held, vocab, s.elmoBatch());
        return new Trained(lm.elmo(), p.forward(), p.backward(), seconds);
    }
}
