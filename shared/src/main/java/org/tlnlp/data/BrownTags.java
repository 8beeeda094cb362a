package org.tlnlp.data;

/**
 * Brown's tags carry marks on top of the part of speech: {@code -tl} (in a title), {@code -hl} (in a
 * headline), {@code -nc} (cited word) and the prefix {@code fw-} (foreign word). {@link #base} drops
 * them, so "nn-tl" and "nn" count as the same label; compound tags such as "ppss+md" stay as they are.
 */
public final class BrownTags {

    private BrownTags() {
    }

    public static String base(String tag) {
        String t = tag;
        if (t.startsWith("fw-")) {
            t = t.substring(3);
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (String suffix : new String[] {"-tl", "-hl", "-nc"}) {
                if (t.endsWith(suffix) && t.length() > suffix.length()) {
                    t = t.substring(0, t.length() - suffix.length());
                    changed = true;
                }
            }
        }
        return t;
    }
}
