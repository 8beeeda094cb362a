package org.tlnlp.lab;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsTest {

    record Size(int layers, double rate, float dropout, List<String> names) {
    }

    @Test
    void everyFieldIsSetByName() {
        Size s = Settings.of(Size.class, "rate", 1e-3, "layers", 4, "dropout", 0.1, "names", List.of("a"));
        assertEquals(new Size(4, 1e-3, 0.1f, List.of("a")), s);
    }

    @Test
    void aMisspeltMissingOrTwiceSetNameIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Settings.of(Size.class, "layer", 4, "rate", 1e-3, "dropout", 0f, "names", List.of()));
        assertTrue(e.getMessage().contains("no field named [layer]") && e.getMessage().contains("not set: [layers]"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Settings.of(Size.class, "layers", 4, "layers", 5, "rate", 1e-3, "dropout", 0f, "names", List.of()));
        assertTrue(e.getMessage().contains("'layers' is set twice"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Settings.of(Size.class, "layers", 2.5, "rate", 1e-3, "dropout", 0f, "names", List.of()));
        assertTrue(e.getMessage().contains("'layers' is an integer, not 2.5"), e.getMessage());
    }
}
