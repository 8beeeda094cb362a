package org.tlnlp.lesson02.lab;

import org.tlnlp.data.BrownTags;
import org.tlnlp.data.BrownTasks;
import org.tlnlp.data.SentimentSentences;
import org.tlnlp.data.SpamAssassin;
import org.tlnlp.data.Split;
import org.tlnlp.data.TaggedWord;
import org.tlnlp.multitask.Task;
import org.tlnlp.multitask.TextTask;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The lab's four tasks on real text. The low-resource target: the sentiment of a review sentence (IMDb, Yelp,
 * Amazon; its training labels cut to 50–500). The auxiliary tasks, with plenty of labels: the universal part of
 * speech of every word of a Brown sentence, the genre of a Brown sentence, and whether an e-mail is spam.
 */
public final class Tasks {

    public static final Task SENTIMENT = new Task("sentiment", Task.Kind.SEQUENCE, SentimentSentences.LABELS);
    public static final Task POS = new Task("pos", Task.Kind.TOKEN, BrownTags.UNIVERSAL);
    public static final Task GENRE = new Task("genre", Task.Kind.SEQUENCE, BrownTasks.GENRES);
    public static final Task SPAM = new Task("spam", Task.Kind.SEQUENCE, SpamAssassin.LABELS);

    /** The auxiliary tasks, in the order the lab lists them. */
    public static final List<Task> AUXILIARY = List.of(POS, GENRE, SPAM);

    private Tasks() {
    }

    /** Every sentence of a sentiment split. */
    public static TextTask sentiment(Split split) {
        List<SentimentSentences.Sentence> s = SentimentSentences.load().examples(split);
        return TextTask.sequences(SENTIMENT, s.stream().map(SentimentSentences.Sentence::text).toList(),
                s.stream().mapToInt(SentimentSentences.Sentence::label).toArray());
    }

    /** {@code count} tagged Brown sentences of 5 to 25 words from a split, drawn with {@code random}. */
    public static TextTask pos(Split split, int count, Random random) {
        List<List<TaggedWord>> s = BrownTasks.taggedSentences(split, 5, 25, count, random);
        return TextTask.tagged(POS, s.stream().map(BrownTasks::words).toList(),
                s.stream().map(BrownTasks::universalTags).toList());
    }

    /** Single Brown sentences of the five genres, {@code count / 5} of each, drawn with {@code random}. */
    public static TextTask genre(Split split, int count, Random random) {
        List<BrownTasks.GenrePassage> p = BrownTasks.genrePassages(split, 1, count / BrownTasks.GENRES.size(), random);
        return TextTask.sequences(GENRE, p.stream().map(BrownTasks.GenrePassage::text).toList(),
                p.stream().mapToInt(BrownTasks.GenrePassage::label).toArray());
    }

    /** {@code count} e-mails of a split (subject and body), drawn with {@code random}. */
    public static TextTask spam(Split split, int count, Random random) {
        List<SpamAssassin.Email> e = new ArrayList<>(SpamAssassin.load().examples(split));
        Collections.shuffle(e, random);
        e = e.subList(0, Math.min(count, e.size()));
        return TextTask.sequences(SPAM, e.stream().map(SpamAssassin.Email::text).toList(),
                e.stream().mapToInt(SpamAssassin.Email::label).toArray());
    }

    /** An auxiliary task's examples of a split. */
    public static TextTask auxiliary(Task task, Split split, int count, Random random) {
        if (task == POS) {
            return pos(split, count, random);
        }
        return task == GENRE ? genre(split, count, random) : spam(split, count, random);
    }

    /** The first {@code n} of the training pool in an order drawn from {@code seed}: one seed's low-resource set. */
    public static int[] lowResource(int pool, int n, long seed) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < pool; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        return order.subList(0, Math.min(n, pool)).stream().mapToInt(Integer::intValue).toArray();
    }
}
