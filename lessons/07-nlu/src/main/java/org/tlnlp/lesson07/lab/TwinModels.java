package org.tlnlp.lesson07.lab;

import ai.djl.ndarray.NDManager;
import org.tlnlp.data.BrownCorpus;
import org.tlnlp.data.BrownTasks;
import org.tlnlp.data.Split;
import org.tlnlp.engine.Rng;
import org.tlnlp.models.gpt2.Gpt2;
import org.tlnlp.models.gpt2.Gpt2Config;
import org.tlnlp.models.gpt2.LmBatch;
import org.tlnlp.models.gpt2.LmBatches;
import org.tlnlp.models.gpt2.MaskedLm;
import org.tlnlp.text.BpeTrainer;
import org.tlnlp.text.ByteLevelBpe;
import org.tlnlp.train.History;
import org.tlnlp.train.Recipe;
import org.tlnlp.train.SampledBatches;
import org.tlnlp.train.TrainLoop;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The replication's two Transformers, made as Voita, Sennrich and Titov made theirs: "we fix model hyperparameters,
 * training data, and parameter initialization. The only thing which is different is the training objective". Both
 * are the same {@link Gpt2} network (same configuration, same BPE learned from Brown, the same initial weights from
 * the same engine seed), trained for the same number of steps on the same windows of Brown's training documents
 * (each step draws its windows from a random source seeded by the step alone) with the same recipe. The language
 * model predicts the next token with causal attention; the masked LM ({@link MaskedLm}) sees both sides and predicts
 * BERT-corrupted tokens.
 */
final class TwinModels {

    private TwinModels() {
    }

    /** One trained model and how it did on held-out windows. */
    record Trained(String name, Gpt2 model, double heldOutLoss, double heldOutAccuracy, double seconds, int skipped) {
    }

    /** The tokenizer, the masked objective, and the token streams of Brown's training and validation documents. */
    record Data(ByteLevelBpe bpe, MaskedLm masked, int[] train, int[] validation) {

        static Data of(LayerEvolutionSettings s) {
            ByteLevelBpe bpe = BpeTrainer.train(BrownCorpus.load().documents(Split.TRAIN).stream().map(BrownTasks::text)
                    .toList(), s.vocab());
            return new Data(bpe, new MaskedLm(bpe.size(), bpe.endOfText()), stream(bpe, Split.TRAIN),
                    stream(bpe, Split.VALIDATION));
        }

        private static int[] stream(ByteLevelBpe bpe, Split split) {
            return LmBatches.concatenate(BrownCorpus.load().documents(split).stream()
                    .map(d -> bpe.encode(BrownTasks.text(d))).toList(), bpe.endOfText());
        }

        /** Both twins' configuration: one id more than the BPE, for the masked twin's mask symbol. */
        Gpt2Config config(LayerEvolutionSettings s) {
            return new Gpt2Config(s.layers(), s.heads(), s.width(), s.context(), bpe.size() + 1, 1e-5f, 0f);
        }
    }

    /** The left-to-right twin, initialised from {@code seed}. */
    static Trained languageModel(NDManager m, Data d, LayerEvolutionSettings s, long seed) {
        new Rng(seed).seedEngine();
        Gpt2 gpt = Gpt2.create(d.config(s), m);
        long t0 = System.nanoTime();
        // Windows of context + 1 tokens: the inputs are the first `context`, the targets the next ones.
        History h = fit(gpt, s, "LM seed " + seed, (mm, r) -> LmBatches.of(mm, windows(r, d.train(), s.context() + 1, s.batch()),
                new int[s.batch()], d.bpe().endOfText()));
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<int[]> held = LmBatches.windows(d.validation(), s.context() + 1, s.evalWindows());
        return new Trained("LM", gpt, gpt.meanLoss(m, held, s.batch()), Double.NaN, seconds,
                h.series("skipped_step").size());
    }

    /** The masked twin: the same initialisation, the same windows (their first `context` tokens), BERT's corruption. */
    static Trained maskedModel(NDManager m, Data d, LayerEvolutionSettings s, long seed) {
        new Rng(seed).seedEngine();
        Gpt2 gpt = Gpt2.create(d.config(s), m).withAttention(d.masked().attention());
        long t0 = System.nanoTime();
        History h = fit(gpt, s, "MLM seed " + seed, (mm, r) -> {
            int[][] w = windows(r, d.train(), s.context() + 1, s.batch());
            int[][] cut = Arrays.stream(w).map(x -> Arrays.copyOf(x, s.context())).toArray(int[][]::new);
            return d.masked().batch(mm, cut, r);
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<int[]> held = LmBatches.windows(d.validation(), s.context(), s.evalWindows());
        double[] la = d.masked().lossAndAccuracy(gpt, m, held, s.batch(), 7);
        return new Trained("MLM", gpt, la[0], la[1], seconds, h.series("skipped_step").size());
    }

    private static History fit(Gpt2 model, LayerEvolutionSettings s, String label, SampledBatches.Maker<LmBatch> maker) {
        // The batches' seed is the same for both twins: step i reads the same windows in either.
        return TrainLoop.builder().recipe(Recipe.pretraining(s.learningRate())).epochs(1).label(label)
                .logEvery(Math.max(1, s.steps() / 20)).build().fit(model, new SampledBatches<>(s.steps(), 13, maker));
    }

    /** {@code batch} windows of {@code length} tokens at random places of {@code stream}, drawn first from {@code r}. */
    static int[][] windows(Random r, int[] stream, int length, int batch) {
        int[][] out = new int[batch][];
        for (int i = 0; i < batch; i++) {
            int from = r.nextInt(stream.length - length);
            out[i] = Arrays.copyOfRange(stream, from, from + length);
        }
        return out;
    }
}
