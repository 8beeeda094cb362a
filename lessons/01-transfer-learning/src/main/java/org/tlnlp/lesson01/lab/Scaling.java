package org.tlnlp.lesson01.lab;

import ai.djl.ndarray.NDManager;
import org.tlnlp.analysis.PowerLaw;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.lesson01.lab.ScalingRuns.Run;
import org.tlnlp.lesson01.lab.ScalingRuns.Shape;
import org.tlnlp.models.gpt2.LmBatches;
import org.tlnlp.plot.Figures;
import org.tlnlp.plot.Tables;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Part 3 of lab 01: why transfer learning works. Language-model loss against model size N (non-embedding
 * parameters), against data size D at a fixed model, and against training compute C = 6·N·tokens (the frontier over
 * all the runs), each with a power law fitted in log space, as Kaplan et al. (2020) did at far larger scale.
 */
public final class Scaling {

    /** Kaplan et al. (2020), eqs. 1.1–1.3: the exponents of L(N), L(D) and L(C_min) for their models. */
    public static final double KAPLAN_ALPHA_N = 0.076;
    public static final double KAPLAN_ALPHA_D = 0.095;
    public static final double KAPLAN_ALPHA_C = 0.050;

    private Scaling() {
    }

    /**
     * Part 3's results. {@code largest} is the largest model of the size sweep, kept (in {@code manager}) for part 4;
     * close the result when done with it.
     */
    public record Result(ScalingRuns.Corpus corpus, List<Run> sizes, List<Run> data, Fits n, Fits d, Fits c,
                         int[] frontier, Run largest, NDManager manager) implements AutoCloseable {

        @Override
        public void close() {
            manager.close();
        }
    }

    /** Both fits of one law, and the one the adjusted R² prefers. */
    public record Fits(String name, double[] x, double[] y, PowerLaw.Fit plain, PowerLaw.Fit irreducible) {

        /** The fit the adjusted R² prefers. */
        public PowerLaw.Fit chosen() {
            return irreducible == null ? plain : PowerLaw.better(plain, irreducible);
        }

        static Fits of(String name, double[] x, double[] y) {
            return new Fits(name, x, y, Yours.fit(x, y), x.length >= 4 ? PowerLaw.fitWithIrreducible(x, y) : null);
        }
    }

    /** Trains every run of part 3 and fits the three laws. */
    public static Result run(TransferSettings s, Rng rng) {
        long t0 = System.nanoTime();
        ScalingRuns.Corpus corpus = ScalingRuns.Corpus.load(s.bpeVocab());
        System.out.printf(Locale.ROOT, "Part 3: BPE of %d symbols learned and Brown encoded (%,d training tokens) in %.0f s%n",
                corpus.bpe().size(), corpus.train().length, (System.nanoTime() - t0) / 1e9);
        List<int[]> validation = LmBatches.windows(corpus.validation(), s.lmContext() + 1, s.evalWindows());
        NDManager keep = Engines.newManager();
        List<Run> sizes = new ArrayList<>();
        System.out.println("Part 3: GPT-2s of " + s.lmShapes().size() + " sizes, one recipe");
        for (int i = 0; i < s.lmShapes().size(); i++) {
            boolean last = i == s.lmShapes().size() - 1;
            Shape shape = Shape.parse(s.lmShapes().get(i));
            sizes.add(ScalingRuns.train(last ? keep : null, corpus, shape, corpus.train(), validation, s,
                    rng.split("size " + shape)));
        }
        System.out.println("Part 3: " + s.dataShape() + " on less data");
        List<Run> data = new ArrayList<>();
        Shape dataShape = Shape.parse(s.dataShape());
        for (int tokens : s.dataTokens()) {
            data.add(ScalingRuns.train(null, corpus, dataShape, ScalingRuns.subset(corpus.train(), tokens, rng.seed()),
                    validation, s, rng.split("size " + dataShape)));
        }
        data.add(sizes.stream().filter(r -> r.shape().equals(dataShape)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("dataShape " + dataShape + " must be one of lmShapes " + s.lmShapes())));

        Fits n = Fits.of("L(N)", sizes.stream().mapToDouble(Run::parameters).toArray(),
                sizes.stream().mapToDouble(Run::best).toArray());
        Fits d = Fits.of("L(D)", data.stream().mapToDouble(Run::dataTokens).toArray(),
                data.stream().mapToDouble(Run::best).toArray());
        double[] cx = sizes.stream().flatMapToDouble(r -> Arrays.stream(r.flops())).toArray();
        double[] cy = sizes.stream().flatMapToDouble(r -> Arrays.stream(r.validationLoss())).toArray();
        int[] frontier = PowerLaw.frontier(cx, cy);
        Fits c = frontier.length >= 3 ? Fits.of("L(C)", pick(cx, frontier), pick(cy, frontier)) : null;
        return new Result(corpus, sizes, data, n, d, c, frontier, sizes.get(sizes.size() - 1), keep);
    }

    // ------------------------------------------------------------------ tables

    /** One row per run of the size sweep. */
    public static Table runs(Result r, TransferSettings s) {
        List<String> names = r.sizes().stream().map(x -> x.shape().toString()).toList();
        double[][] rows = r.sizes().stream().map(x -> new double[] {x.parameters(), x.tokensSeen()[x.tokensSeen().length - 1],
                x.totalFlops(), x.best(), x.validationLoss()[x.validationLoss().length - 1], Math.round(x.seconds())})
                .toArray(double[][]::new);
        return Tables.grid("GPT-2s of " + names.size() + " sizes, " + s.lmSteps() + " steps each (validation loss in nats "
                        + "per BPE token)", "shape", names, List.of("non_embedding_N", "tokens_seen", "flops_6ND",
                "best_validation_loss", "final_validation_loss", "seconds"), rows);
    }

    /** One row per run of the data sweep. */
    public static Table dataRuns(Result r) {
        List<String> names = r.data().stream().map(x -> String.format(Locale.ROOT, "%,d", x.dataTokens())).toList();
        double[][] rows = r.data().stream().map(x -> new double[] {x.dataTokens(),
                x.tokensSeen()[x.tokensSeen().length - 1] / x.dataTokens(), x.best(),
                x.validationLoss()[x.validationLoss().length - 1]}).toArray(double[][]::new);
        return Tables.grid(r.data().get(0).shape() + " on less data (early stopping: the best validation loss)",
                "training_tokens_D", names, List.of("D", "passes_over_D", "best_validation_loss", "final_validation_loss"),
                rows);
    }

    /** Every fitted law: exponent, scale, irreducible loss, R² and adjusted R² in log space, largest residual. */
    public static Table fits(Result r) {
        List<String> names = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        for (Fits f : r.c() == null ? List.of(r.n(), r.d()) : List.of(r.n(), r.d(), r.c())) {
            for (PowerLaw.Fit fit : f.irreducible() == null ? List.of(f.plain()) : List.of(f.plain(), f.irreducible())) {
                names.add(f.name() + (fit.parameters() == 2 ? " = (x_c/x)^α" : " = (x_c/x)^α + L∞")
                        + (fit == f.chosen() ? " (chosen)" : ""));
                rows.add(new double[] {fit.law().alpha(), fit.law().scale(), fit.law().irreducible(), fit.rSquared(),
                        fit.adjustedRSquared(), Arrays.stream(fit.residuals()).map(Math::abs).max().orElseThrow(),
                        f.x().length});
            }
        }
        return Tables.grid("Power laws fitted in log space (chosen: the higher adjusted R²)", "law", names,
                List.of("alpha", "scale_x_c", "irreducible_L_inf", "r_squared", "adjusted_r_squared",
                        "largest_abs_residual", "points"), rows.toArray(double[][]::new));
    }

    /** The size sweep's residuals, ln(measured) − ln(fitted), under both laws. */
    public static Table residuals(Result r) {
        Fits f = r.n();
        double[][] rows = new double[f.x().length][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[] {f.x()[i], f.y()[i], f.plain().law().predict(f.x()[i]), f.plain().residuals()[i],
                    f.irreducible() == null ? Double.NaN : f.irreducible().residuals()[i]};
        }
        return Tables.grid("Residuals of L(N) in log space", "shape", r.sizes().stream().map(x -> x.shape().toString())
                .toList(), List.of("N", "loss", "plain_law", "residual_plain", "residual_with_L_inf"), rows);
    }

    // ------------------------------------------------------------------ figures

    /**
     * Measured points and the fitted laws of one sweep; x logarithmic, y linear (the losses span far less than 10×,
     * and a log y axis would label no tick).
     */
    public static XYChart figure(Fits f, String title, String xLabel) {
        double[] x = Figures.geometric(Arrays.stream(f.x()).min().orElseThrow() / 1.5,
                Arrays.stream(f.x()).max().orElseThrow() * 1.5, 40);
        Map<String, double[][]> lines = new LinkedHashMap<>();
        lines.put(String.format(Locale.ROOT, "fit: α = %.3f, R² = %.3f", f.plain().law().alpha(), f.plain().rSquared()),
                new double[][] {x, Arrays.stream(x).map(f.plain().law()::predict).toArray()});
        if (f.irreducible() != null && f.irreducible().law().irreducible() > 0) {
            PowerLaw.Fit q = f.irreducible();
            lines.put(String.format(Locale.ROOT, "with L∞ = %.2f: α = %.3f, R² = %.3f", q.law().irreducible(),
                    q.law().alpha(), q.rSquared()), new double[][] {x, Arrays.stream(x).map(q.law()::predict).toArray()});
        }
        return Figures.logLog(title, xLabel, "validation loss (nats per token)", Map.of("measured", new double[][] {
                f.x(), f.y()}), lines, false);
    }

    /** Every run's validation loss against the FLOPs spent so far (x logarithmic, y linear), the frontier, and its fitted law. */
    public static XYChart computeFigure(Result r) {
        Map<String, double[][]> lines = new LinkedHashMap<>();
        for (Run run : r.sizes()) {
            lines.put(String.format(Locale.ROOT, "%s (N = %,d)", run.shape(), run.parameters()),
                    new double[][] {run.flops(), run.validationLoss()});
        }
        Map<String, double[][]> points = new LinkedHashMap<>();
        if (r.c() != null) {
            points.put("frontier (lowest loss for the compute)", new double[][] {r.c().x(), r.c().y()});
            double[] x = Figures.geometric(r.c().x()[0], r.c().x()[r.c().x().length - 1], 40);
            lines.put(String.format(Locale.ROOT, "frontier fit: α_C = %.3f", r.c().plain().law().alpha()),
                    new double[][] {x, Arrays.stream(x).map(r.c().plain().law()::predict).toArray()});
        }
        return Figures.logLog("Learning curves against training compute", "training FLOPs, C = 6·N·tokens",
                "validation loss (nats per token)", points, lines, false);
    }

    static double[] pick(double[] a, int[] index) {
        return Arrays.stream(index).mapToDouble(i -> a[i]).toArray();
    }
}
