package org.tlnlp.lesson01.lab;

import ai.djl.ndarray.NDManager;
import org.tlnlp.data.BrownCorpus;
import org.tlnlp.data.BrownTasks;
import org.tlnlp.data.Split;
import org.tlnlp.engine.Rng;
import org.tlnlp.models.gpt2.Gpt2;
import org.tlnlp.models.gpt2.Gpt2Config;
import org.tlnlp.models.gpt2.LmBatch;
import org.tlnlp.models.gpt2.LmBatches;
import org.tlnlp.text.BpeTrainer;
import org.tlnlp.text.ByteLevelBpe;
import org.tlnlp.train.History;
import org.tlnlp.train.Recipe;
import org.tlnlp.train.SampledBatches;
import org.tlnlp.train.TrainLoop;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The training runs behind part 3: GPT-2 language models of several shapes pre-trained on Brown with one recipe (the
 * same steps, batch, context, learning rate and schedule for every shape), each validated at evenly spaced points.
 */
public final class ScalingRuns {

    private ScalingRuns() {
    }

    /** A model shape, written "layers x width x heads" (e.g. 2x64x4). */
    public record Shape(int layers, int width, int heads) {

        public static Shape parse(String text) {
            String[] p = text.trim().split("x");
            if (p.length != 3) {
                throw new IllegalArgumentException("a shape is layers x width x heads, e.g. 2x64x4, not '" + text + "'");
            }
            return new Shape(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
        }

        public Gpt2Config config(int context, int vocab) {
            return new Gpt2Config(layers, heads, width, context, vocab, 1e-5f, 0f);
        }

        @Override
        public String toString() {
            return layers + "x" + width + "x" + heads;
        }
    }

    /** Brown's training and validation documents as BPE token streams, each document followed by end-of-text. */
    public record Corpus(ByteLevelBpe bpe, int[] train, int[] validation) {

        static Corpus load(int vocab) {
            List<String> train = BrownCorpus.load().documents(Split.TRAIN).stream().map(BrownTasks::text).toList();
            ByteLevelBpe bpe = BpeTrainer.train(train, vocab);
            return new Corpus(bpe, stream(bpe, train), stream(bpe, BrownCorpus.load().documents(Split.VALIDATION)
                    .stream().map(BrownTasks::text).toList()));
        }

        private static int[] stream(ByteLevelBpe bpe, List<String> texts) {
            return LmBatches.concatenate(texts.stream().map(bpe::encode).toList(), bpe.endOfText());
        }
    }

    /**
     * One run.
     *
     * @param shape          the model's shape
     * @param parameters     its non-embedding parameters N
     * @param dataTokens     the training tokens it could draw windows from
     * @param tokensSeen     training tokens seen at each validation point
     * @param flops          training FLOPs spent at each validation point, 6·N·tokens
     * @param validationLoss the validation loss (nats per token) at each point
     * @param seconds        wall time of the training and its validations
     * @param model          the trained model, when the caller asked to keep it (else null; its arrays are closed)
     */
    public record Run(Shape shape, long parameters, long dataTokens, double[] tokensSeen, double[] flops,
               double[] validationLoss, double seconds, Gpt2 model) {

        /** The lowest validation loss of the run (early stopping's choice). */
        public double best() {
            return Arrays.stream(validationLoss).min().orElseThrow();
        }

        /** The total training FLOPs of the run. */
        public double totalFlops() {
            return flops[flops.length - 1];
        }
    }

    /**
     * Trains one model of {@code shape} on windows drawn from {@code data}. With {@code manager} null, the model lives
     * in a manager of its own, closed before returning; otherwise in {@code manager}, and the run keeps it.
     */
    static Run train(NDManager manager, Corpus corpus, Shape shape, int[] data, List<int[]> validation,
                     TransferSettings s, Rng rng) {
        NDManager m = manager != null ? manager : org.tlnlp.engine.Engines.newManager();
        try {
            rng.seedEngine();
            Gpt2Config config = shape.config(s.lmContext(), corpus.bpe().size());
            Gpt2 gpt = Gpt2.create(config, m);
            int perRound = Math.max(1, s.lmSteps() / s.lmRounds());
            SampledBatches<LmBatch> batches = new SampledBatches<>(perRound, rng.random().nextLong(),
                    (bm, r) -> LmBatches.randomWindows(bm, r, data, s.lmContext() + 1, s.lmBatch(),
                            corpus.bpe().endOfText()));
            long t0 = System.nanoTime();
            History h = TrainLoop.builder().recipe(Recipe.pretraining(s.lmLearningRate())).epochs(s.lmRounds())
                    .label(String.format(Locale.ROOT, "%-7s", shape)).logEvery(Math.max(1, perRound / 4))
                    .evaluation(round -> java.util.Map.of("validation_loss",
                            gpt.meanLoss(m, validation, Math.max(8, s.lmBatch()))))
                    .build().fit(gpt, batches);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double[] loss = h.series("validation_loss").stream().mapToDouble(History.Point::value).toArray();
            double[] tokens = new double[loss.length];
            double[] flops = new double[loss.length];
            for (int i = 0; i < loss.length; i++) {
                long seen = (long) (i + 1) * perRound * s.lmBatch() * s.lmContext();
                tokens[i] = seen;
                flops[i] = Yours.trainingFlops(config, seen);
            }
            System.out.printf(Locale.ROOT, "  %-8s N = %,9d  data %,9d tokens  best validation loss %.4f  (%.0f s)%n",
                    shape, Yours.nonEmbeddingParameters(config), data.length, Arrays.stream(loss).min().orElseThrow(),
                    seconds);
            return new Run(shape, Yours.nonEmbeddingParameters(config), data.length, tokens, flops, loss, seconds,
                    manager != null ? gpt : null);
        } finally {
            if (manager == null) {
                m.close();
            }
        }
    }

    /**
     * About {@code tokens} training tokens drawn from across the stream: chunks of 1,024 tokens in a seeded random
     * order, so that a small subset still spans Brown's genres. The orders are nested: a smaller subset is a prefix
     * of a larger one drawn with the same seed.
     */
    static int[] subset(int[] stream, int tokens, long seed) {
        int chunk = 1024;
        List<Integer> starts = new ArrayList<>();
        for (int from = 0; from + chunk <= stream.length; from += chunk) {
            starts.add(from);
        }
        Collections.shuffle(starts, new Random(seed));
        int k = Math.min(starts.size(), Math.max(1, (tokens + chunk - 1) / chunk));
        int[] out = new int[k * chunk];
        for (int i = 0; i < k; i++) {
            System.arraycopy(stream, starts.get(i), out, i * chunk, chunk);
        }
        return out;
    }
}
