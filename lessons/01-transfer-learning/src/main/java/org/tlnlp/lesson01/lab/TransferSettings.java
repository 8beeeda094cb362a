package org.tlnlp.lesson01.lab;

import org.tlnlp.lab.LabSize;
import org.tlnlp.lab.Settings;

/**
 * The sizes of lab 01, each field set by name.
 *
 * @param vocabulary          words of the bag of words
 * @param dimensions          dimensions of the shared space
 * @param sentencesPerPassage sentences per passage of part 2
 * @param epochs              epochs of each classifier
 * @param seeds               how many times each method of part 2 is trained, with different seeds
 */
public record TransferSettings(int vocabulary, int dimensions, int sentencesPerPassage, int epochs, int seeds) {

    static final TransferSettings SMOKE = Settings.of(TransferSettings.class, "vocabulary", 400, "dimensions", 8,
            "sentencesPerPassage", 12, "epochs", 3, "seeds", 2);

    static final TransferSettings QUICK = Settings.of(TransferSettings.class, "vocabulary", 3000, "dimensions", 20,
            "sentencesPerPassage", 6, "epochs", 12, "seeds", 5);

    static final TransferSettings FULL = Settings.of(TransferSettings.class, "vocabulary", 10000, "dimensions", 50,
            "sentencesPerPassage", 6, "epochs", 30, "seeds", 10);

    public static TransferSettings of(LabSize size) {
        return size.pick(SMOKE, QUICK, FULL);
    }
}
