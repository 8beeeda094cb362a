package org.tlnlp.lesson04.exercises;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Answer key for lesson 04, exercise 4.1. */
public final class CharacterIds {

    public static final int MAX_CHARS = 50;
    public static final int BEGIN_WORD = 258;
    public static final int END_WORD = 259;
    public static final int PADDING = 260;

    private CharacterIds() {
    }

    /** 4.1a: [bow, bytes (at most 48), eow, padding...], all + 1. */
    public static int[] word(String token) {
        byte[] bytes = token.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(bytes.length, MAX_CHARS - 2);
        int[] ids = new int[MAX_CHARS];
        java.util.Arrays.fill(ids, PADDING + 1);
        ids[0] = BEGIN_WORD + 1;
        for (int i = 0; i < n; i++) {
            ids[i + 1] = (bytes[i] & 0xFF) + 1;
        }
        ids[n + 1] = END_WORD + 1;
        return ids;
    }

    /** 4.1b: (sentences, longest, 50), zero rows for padding. */
    public static int[][][] batch(List<List<String>> sentences) {
        int t = sentences.stream().mapToInt(List::size).max().orElse(0);
        int[][][] out = new int[sentences.size()][t][MAX_CHARS];
        for (int b = 0; b < sentences.size(); b++) {
            for (int k = 0; k < sentences.get(b).size(); k++) {
                out[b][k] = word(sentences.get(b).get(k));
            }
        }
        return out;
    }
}
