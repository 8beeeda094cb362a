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

    /** The twelve coarse tags of {@link #universal} (Petrov et al. 2012's universal tag set). */
    public static final java.util.List<String> UNIVERSAL =
            java.util.List.of("NOUN", "VERB", "ADJ", "ADV", "PRON", "DET", "ADP", "NUM", "CONJ", "PRT", ".", "X");

    /**
     * A Brown tag as one of twelve coarse parts of speech (after Petrov et al. 2012): nouns, verbs (with
     * the forms of be, do and have, and modals), adjectives, adverbs (qualifiers included), pronouns,
     * determiners (articles, pre- and post-determiners, existential "there"), adpositions, numbers,
     * conjunctions, particles ("to", "up"), punctuation, and X (interjections, foreign words, unknown). A
     * contraction such as "ppss+md" counts as its first part.
     */
    public static String universal(String tag) {
        String t = base(tag);
        int plus = t.indexOf('+');
        if (plus > 0) {
            t = t.substring(0, plus);
        }
        if (t.isEmpty() || !Character.isLetter(t.charAt(0))) {
            return ".";
        }
        if (t.startsWith("nn") || t.startsWith("np") || t.startsWith("nr")) {
            return "NOUN";
        }
        if (t.startsWith("vb") || t.startsWith("be") || t.startsWith("do") || t.startsWith("hv") || t.equals("md")) {
            return "VERB";
        }
        if (t.startsWith("jj")) {
            return "ADJ";
        }
        if (t.startsWith("rb") || t.startsWith("ql") || t.equals("rn") || t.equals("wrb")) {
            return "ADV";
        }
        if (t.startsWith("pp") || t.startsWith("pn") || t.startsWith("wp")) {
            return "PRON";
        }
        if (t.startsWith("ab") || t.equals("ap") || t.equals("at") || t.startsWith("dt") || t.equals("wdt")
                || t.equals("ex")) {
            return "DET";
        }
        if (t.equals("in")) {
            return "ADP";
        }
        if (t.equals("cd") || t.equals("od")) {
            return "NUM";
        }
        if (t.equals("cc") || t.equals("cs")) {
            return "CONJ";
        }
        if (t.equals("rp") || t.equals("to")) {
            return "PRT";
        }
        return "X";
    }
}
