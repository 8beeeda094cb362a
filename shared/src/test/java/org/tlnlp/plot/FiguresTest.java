package org.tlnlp.plot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FiguresTest {

    @TempDir
    Path dir;

    @Test
    void savesLineBarAndHeatMapChartsAsPng() throws IOException {
        Path line = Figures.savePng(Figures.line("loss", "step", "loss",
                Map.of("train", new double[][] {{0, 1, 2}, {3, 2, 1}})), dir.resolve("line.png"));
        Path bar = Figures.savePng(Figures.bar("acc", "scheme", "accuracy", List.of("a", "b"),
                Map.of("target", List.of(0.5, 0.7))), dir.resolve("bar.png"));
        Path heat = Figures.savePng(Figures.heatmap("mi", List.of("l0", "l1"), List.of("x", "y", "z"),
                new double[][] {{1, 2}, {3, 4}, {5, 6}}), dir.resolve("heat.png"));
        for (Path p : List.of(line, bar, heat)) {
            BufferedImage img = ImageIO.read(p.toFile());
            assertEquals(Figures.WIDTH, img.getWidth(), p.toString());
            assertEquals(Figures.HEIGHT, img.getHeight(), p.toString());
        }
        try (var files = Files.list(dir)) {
            assertEquals(3, files.count());
        }
    }

    @Test
    void logLogChartsDrawPointsAndLines() throws IOException {
        double[] x = Figures.geometric(1e4, 1e6, 5);
        assertEquals(1e4, x[0], 1e-9);
        assertEquals(1e5, x[2], 1e-6);
        assertEquals(1e6, x[4], 1e-4);
        var chart = Figures.logLog("loss vs N", "N", "loss", Map.of("runs", new double[][] {x, {6, 5.6, 5.3, 5.1, 4.9}}),
                Map.of("fit", new double[][] {x, {6.05, 5.6, 5.25, 5.05, 4.95}}), false);
        assertTrue(chart.getStyler().isXAxisLogarithmic());
        assertEquals(2, chart.getSeriesMap().size());
        BufferedImage img = ImageIO.read(Figures.savePng(chart, dir.resolve("loglog.png")).toFile());
        assertEquals(Figures.WIDTH, img.getWidth());
    }

    @Test
    void mismatchedLabelsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Figures.heatmap("x", List.of("a"), List.of("r1", "r2"), new double[][] {{1}}));
        assertTrue(e.getMessage().contains("1 rows of values for 2 row labels"), e.getMessage());
    }

    @Test
    void tablesAsMarkdown() {
        Table t = Table.create("shift", StringColumn.create("measure", "js", "tv"),
                DoubleColumn.create("value", 0.123456, 2.0));
        assertEquals("| measure | value |\n|---|---:|\n| js | 0.1235 |\n| tv | 2 |\n", Tables.markdown(t));
    }

    @Test
    void longOrManyCategoryLabelsAreTurned() {
        assertTrue(!Figures.crowded(List.of("a", "b", "c")));
        assertTrue(Figures.crowded(List.of("a", "b", "c", "d", "e", "f", "g")), "more than six labels");
        assertTrue(Figures.crowded(List.of("bag of words (no adaptation)", "shared space + per-domain standardisation",
                "shared space (k=20)", "shared space + CORAL", "reference: trained on target labels")),
                "five labels of up to 41 characters do not fit level in 800 pixels");
    }
}
