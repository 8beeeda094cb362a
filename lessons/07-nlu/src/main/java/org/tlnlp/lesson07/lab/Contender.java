package org.tlnlp.lesson07.lab;

import org.tlnlp.analysis.Evaluation;
import org.tlnlp.analysis.LinearProbe;
import org.tlnlp.engine.Rng;
import org.tlnlp.glue.Example;
import org.tlnlp.glue.TaskData;
import org.tlnlp.text.BagOfWords;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** One row of the leaderboard: a way to put a model to a task, from its training examples to test predictions. */
public interface Contender {

    /** The row's name. */
    String name();

    /** How many seeds it runs with: 1 for a method without randomness. */
    int seeds();

    /** The class index predicted for each test example of {@code task}, trained with {@code seed}. */
    int[] run(TaskData task, Rng seed) throws Exception;

    /** The words of a text as the bag of words and ELMo read it: punctuation split off, at most 80 words. */
    static List<String> words(String text, boolean lowercase) {
        String t = (lowercase ? text.toLowerCase(Locale.ROOT) : text).replaceAll("([.,!?;:()\"])", " $1 ").strip();
        List<String> w = t.isEmpty() ? List.of("") : Arrays.asList(t.split("\\s+"));
        return w.size() > 80 ? w.subList(0, 80) : w;
    }

    /** The majority class of the training labels, for every test example. */
    static Contender majority() {
        return new Contender() {
            public String name() {
                return "majority class";
            }

            public int seeds() {
                return 1;
            }

            public int[] run(TaskData task, Rng seed) {
                int[] p = new int[task.onlyTest().size()];
                Arrays.fill(p, Evaluation.majorityLabel(task.spec().gold(task.train()).labels()));
                return p;
            }
        };
    }

    /**
     * Bag of words: tf-idf vectors over the training texts' most frequent words, then softmax regression; for a pair,
     * the two vectors and their elementwise product (the words they share) side by side.
     */
    static Contender bagOfWords(NluSettings s) {
        return new Contender() {
            public String name() {
                return "bag of words + logistic regression";
            }

            public int seeds() {
                return s.seeds();
            }

            public int[] run(TaskData task, Rng seed) {
                List<Example> train = task.train();
                BagOfWords bow = BagOfWords.fit(train.stream().flatMap(e -> e.textB() == null ? java.util.stream.Stream.of(
                        words(e.textA(), true)) : java.util.stream.Stream.of(words(e.textA(), true), words(e.textB(), true)))
                        .toList(), 3000);
                LinearProbe.Settings probe = new LinearProbe.Settings(s.mixEpochs() * 2, 32, 1e-2, 1e-4);
                try (LinearProbe p = LinearProbe.train(features(bow, train), task.spec().gold(train).labels(),
                        task.spec().outputs(), probe, seed, "bag of words")) {
                    return p.predict(features(bow, task.onlyTest()));
                }
            }
        };
    }

    private static float[][] features(BagOfWords bow, List<Example> examples) {
        float[][] out = new float[examples.size()][];
        for (int i = 0; i < out.length; i++) {
            Example e = examples.get(i);
            float[] a = bow.vector(words(e.textA(), true));
            if (e.textB() == null) {
                out[i] = a;
                continue;
            }
            float[] b = bow.vector(words(e.textB(), true));
            float[] row = new float[3 * a.length];
            for (int j = 0; j < a.length; j++) {
                row[j] = a[j];
                row[a.length + j] = b[j];
                row[2 * a.length + j] = a[j] * b[j];
            }
            out[i] = row;
        }
        return out;
    }
}
