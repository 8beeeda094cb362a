package org.tlnlp.lesson07.lab;

import ai.djl.ndarray.NDManager;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.glue.Example;
import org.tlnlp.glue.TaskData;
import org.tlnlp.io.Checkpoints;
import org.tlnlp.models.gpt2.Gpt2;
import org.tlnlp.models.gpt2.LabelScoring;
import org.tlnlp.models.gpt2.LmBatches;
import org.tlnlp.text.ByteLevelBpe;
import org.tlnlp.train.Recipe;
import org.tlnlp.train.TrainLoop;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The small Brown GPT-2 put to the suite's tasks as language modelling (Radford et al. 2019): zero-shot, by which
 * continuation the pre-trained model finds most likely, and fine-tuned on "text = label". A pair is written
 * "first / second".
 */
final class Gpt2Contenders {

    private Gpt2Contenders() {
    }

    /** The label words each task's classes are written as (the verbaliser), in the task's label order. */
    static final Map<String, List<String>> WORDS = Map.of("Sentiment", List.of(" bad", " good"),
            "Spam", List.of(" a reply", " an advertisement"),
            "BrownGenre", List.of(" news", " religion", " hobbies", " science", " love"),
            "BrownNext", List.of(" no", " yes"), "BrownAccept", List.of(" no", " yes"));

    /** What follows a text in the zero-shot prompt, before the label words. */
    static final Map<String, String> CUES = Map.of("Sentiment", " It was", "Spam", " This message is",
            "BrownGenre", " This text is about");

    static String text(Example e) {
        return e.textB() == null ? e.textA() : e.textA() + " / " + e.textB();
    }

    private static Gpt2 copy(Gpt2 pretrained, NDManager m) throws IOException {
        Gpt2 g = Gpt2.create(pretrained.config(), m);
        Checkpoints.copy(pretrained.namedParameters(), g.namedParameters());
        return g;
    }

    /** Fine-tuned on "text = label words &lt;|endoftext|&gt;", then the most likely label words after "text =". */
    static Contender fineTuned(Gpt2 pretrained, ByteLevelBpe bpe, NluSettings s) {
        return new Contender() {
            public String name() {
                return "small Brown GPT-2, fine-tuned (LM on \"text = label\")";
            }

            public int seeds() {
                return s.seeds();
            }

            public int[] run(TaskData task, Rng seed) throws Exception {
                List<String> words = WORDS.get(task.name());
                try (NDManager m = Engines.newManager()) {
                    Gpt2 gpt = copy(pretrained, m);
                    int room = LabelScoring.room(gpt, bpe, words);
                    LabelScoring.Sequences seqs = LabelScoring.withLabels(bpe, task.train().stream().map(Gpt2Contenders::text)
                            .toList(), task.spec().gold(task.train()).labels(), " =", words, room);
                    seed.seedEngine();
                    TrainLoop.builder().recipe(Recipe.fineTuning(5e-4)).epochs(s.gpt2Epochs()).label("GPT-2 " + task.name())
                            .logEvery(10).build().fit(gpt, new LmBatches(seqs.sequences(), seqs.promptLengths(), 16,
                                    bpe.endOfText(), seed.split("batches")));
                    return LabelScoring.classify(gpt, m, bpe, task.onlyTest().stream().map(Gpt2Contenders::text).toList(),
                            " =", words, new double[words.size()], room);
                }
            }
        };
    }

    /**
     * Zero-shot: label words after a cue, each label's likelihood divided by its likelihood after the cue alone
     * (Holtzman et al. 2021's domain-conditional PMI). BrownNext: "next" when the first sentence makes the second
     * more likely than it is after nothing, log p(B | A) > log p(B). BrownAccept: "acceptable" when the sentence's
     * log-likelihood per token is at least the median of the training sentences' (their labels are not read; half
     * the sentences are damaged by construction).
     */
    static Contender zeroShot(Gpt2 pretrained, ByteLevelBpe bpe) {
        return new Contender() {
            public String name() {
                return "small Brown GPT-2, zero-shot (LM scoring)";
            }

            public int seeds() {
                return 1;
            }

            public int[] run(TaskData task, Rng seed) {
                NDManager m = Engines.newManager();
                try (m) {
                    List<Example> test = task.onlyTest();
                    return switch (task.name()) {
                        case "BrownNext" -> next(pretrained, m, test);
                        case "BrownAccept" -> accept(pretrained, m, task);
                        default -> {
                            List<String> words = WORDS.get(task.name());
                            String cue = CUES.get(task.name());
                            int room = LabelScoring.room(pretrained, bpe, words);
                            yield LabelScoring.classify(pretrained, m, bpe, test.stream().map(Gpt2Contenders::text).toList(),
                                    cue, words, LabelScoring.prior(pretrained, m, bpe, cue, words, room), room);
                        }
                    };
                }
            }

            private int[] next(Gpt2 gpt, NDManager m, List<Example> test) {
                int[] eot = {bpe.endOfText()};
                List<int[]> after = new ArrayList<>();
                List<int[]> alone = new ArrayList<>();
                List<int[]> second = new ArrayList<>();
                for (Example e : test) {
                    after.add(bpe.encode(e.textA()));
                    alone.add(eot);
                    second.add(bpe.encode(" " + e.textB()));
                }
                double[] a = LabelScoring.logLikelihood(gpt, m, after, second, 32);
                double[] b = LabelScoring.logLikelihood(gpt, m, alone, second, 32);
                int[] p = new int[test.size()];
                for (int i = 0; i < p.length; i++) {
                    p[i] = a[i] > b[i] ? 1 : 0;
                }
                return p;
            }

            private int[] accept(Gpt2 gpt, NDManager m, TaskData task) {
                double[] train = perToken(gpt, m, task.train());
                double[] sorted = train.clone();
                Arrays.sort(sorted);
                double median = sorted[sorted.length / 2];
                double[] test = perToken(gpt, m, task.onlyTest());
                int[] p = new int[test.length];
                for (int i = 0; i < p.length; i++) {
                    p[i] = test[i] >= median ? 1 : 0;
                }
                return p;
            }

            private double[] perToken(Gpt2 gpt, NDManager m, List<Example> examples) {
                List<int[]> texts = examples.stream().map(e -> bpe.encode(" " + e.textA())).toList();
                double[] ll = LabelScoring.logLikelihood(gpt, m, Collections.nCopies(texts.size(),
                        new int[] {bpe.endOfText()}), texts, 32);
                for (int i = 0; i < ll.length; i++) {
                    ll[i] /= texts.get(i).length;
                }
                return ll;
            }
        };
    }
}
