package org.tlnlp.analysis;

import java.util.Arrays;
import java.util.Locale;

/**
 * A scaling law: a loss as a power law in one resource x (non-embedding parameters, training tokens, training
 * FLOPs), {@code L(x) = (x_c / x)^α + L∞}. With {@code L∞ = 0} it is the form of Kaplan et al. (2020, eqs. 1.1–1.3:
 * {@code L(N) = (N_c / N)^α_N}, and the same in D and C); {@code L∞ > 0} is an irreducible loss the law approaches
 * (the entropy of the text, as far as the models can tell).
 *
 * <p>Fits are least squares <em>in log space</em>: the residual of point i is {@code ln y_i − ln L(x_i)}, so every
 * point counts by its relative error, as on the log-log plot where a power law is a straight line. R² is computed
 * in the same space: {@code 1 − Σ r_i² / Σ (ln y_i − mean ln y)²}.
 *
 * <ul>
 *   <li>{@link #fit}: {@code L∞ = 0}; the closed-form line {@code ln y = a + b ln x} (ordinary least squares), so
 *       {@code α = −b}, {@code A = exp(a)} and {@code x_c = exp(a / α)}.</li>
 *   <li>{@link #fitWithIrreducible}: three parameters. For each L∞ the best (α, x_c) is found by Levenberg–Marquardt
 *       from the line through {@code ln(y − L∞)}; L∞ itself by a scan of 400 values in {@code [0, (1 − 10⁻³)·min y]}
 *       refined by golden-section search. The answer may lie on the bound L∞ = 0: the data then bend the other way
 *       and the plain law is the better description.</li>
 *   <li>{@link #better}: the fit with the higher adjusted R², {@code 1 − (1 − R²)(n − 1)/(n − p)}, which charges the
 *       third parameter for the freedom it adds.</li>
 * </ul>
 *
 * <p>The law is kept as {@code L(x) = A·x^(−α) + L∞} with {@code A = x_c^α}: A stays a moderate number even where
 * x_c does not (a nearly flat curve has a tiny α and an x_c beyond any double), so a fit never overflows;
 * {@link #scale()} gives x_c.
 *
 * @param alpha       the exponent α (positive when the loss falls as x grows)
 * @param coefficient A = x_c^α, the power-law term at x = 1
 * @param irreducible L∞ ≥ 0
 */
public record PowerLaw(double alpha, double coefficient, double irreducible) {

    /** How many values of L∞ the scan of {@link #fitWithIrreducible} tries before it refines the best. */
    public static final int SCAN = 400;

    public PowerLaw {
        if (!Double.isFinite(alpha) || alpha == 0 || !(coefficient > 0) || !Double.isFinite(coefficient)
                || !(irreducible >= 0) || !Double.isFinite(irreducible)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "a power law needs a finite alpha != 0, a "
                    + "finite coefficient > 0 and a finite irreducible loss >= 0; got alpha %s, coefficient %s, "
                    + "irreducible %s", alpha, coefficient, irreducible));
        }
    }

    /** Kaplan et al.'s form {@code (x_c/x)^α}, without an irreducible term. */
    public static PowerLaw of(double alpha, double scale) {
        return withScale(alpha, scale, 0);
    }

    /** {@code (x_c/x)^α + L∞}. */
    public static PowerLaw withScale(double alpha, double scale, double irreducible) {
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("the scale x_c must be finite and > 0, not " + scale);
        }
        return new PowerLaw(alpha, Math.exp(alpha * Math.log(scale)), irreducible);
    }

    /** x_c, the resource at which the power-law term reaches 1: {@code A^(1/α)} (infinite for a nearly flat law). */
    public double scale() {
        return Math.exp(Math.log(coefficient) / alpha);
    }

    /** The loss the law gives at {@code x}: {@code (x_c / x)^α + L∞}. */
    public double predict(double x) {
        requirePositive(x, "x");
        return coefficient * Math.pow(x, -alpha) + irreducible;
    }

    /**
     * The resource at which the law reaches {@code loss}: {@code x = x_c · (loss − L∞)^(−1/α)}. A loss at or below
     * L∞ is never reached, which is an error.
     */
    public double sizeFor(double loss) {
        if (!(loss > irreducible) || !Double.isFinite(loss)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "a loss of %s is never reached: the law "
                    + "approaches its irreducible loss %s from above", loss, irreducible));
        }
        return Math.pow((loss - irreducible) / coefficient, -1 / alpha);
    }

    /** {@code L = (x_c/x)^α + L∞} with its numbers, e.g. for a report. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "L(x) = (%.3g / x)^%.4f%s", scale(), alpha,
                irreducible == 0 ? "" : String.format(Locale.ROOT, " + %.4f", irreducible));
    }

    /**
     * A fitted law and how well it fits, all in log space.
     *
     * @param law              the law
     * @param rSquared         R² of ln y
     * @param adjustedRSquared R² adjusted for the number of parameters
     * @param residuals        {@code ln y_i − ln L(x_i)}, in the order of the data
     * @param parameters       2 without an irreducible term, 3 with one
     */
    public record Fit(PowerLaw law, double rSquared, double adjustedRSquared, double[] residuals, int parameters) {

        /** The sum of squared residuals. */
        public double sse() {
            return Arrays.stream(residuals).map(r -> r * r).sum();
        }
    }

    /** The least-squares line through (ln x, ln y): {@code L(x) = (x_c/x)^α}. Needs 3 or more points. */
    public static Fit fit(double[] x, double[] y) {
        check(x, y, 3);
        double[] u = logs(x);
        double[] v = logs(y);
        double[] line = line(u, v);
        double alpha = -line[1];
        if (alpha == 0) {
            throw new IllegalArgumentException("the loss does not change with x: no power law to fit");
        }
        PowerLaw law = new PowerLaw(alpha, Math.exp(line[0]), 0);
        return assess(law, x, y, 2);
    }

    /** The least-squares law with an irreducible loss, {@code (x_c/x)^α + L∞} with {@code L∞ ≥ 0}. Needs 4 or more points. */
    public static Fit fitWithIrreducible(double[] x, double[] y) {
        check(x, y, 4);
        double[] u = logs(x);
        double[] v = logs(y);
        double top = (1 - 1e-3) * Arrays.stream(y).min().orElseThrow();
        double[] sse = new double[SCAN + 1];
        int best = 0;
        for (int k = 0; k <= SCAN; k++) {
            sse[k] = inner(u, v, top * k / SCAN)[2];
            if (sse[k] < sse[best]) {
                best = k;
            }
        }
        // Golden-section search between the best value's neighbours.
        double lo = top * Math.max(0, best - 1) / SCAN;
        double hi = top * Math.min(SCAN, best + 1) / SCAN;
        double g = (Math.sqrt(5) - 1) / 2;
        double c1 = hi - g * (hi - lo);
        double c2 = lo + g * (hi - lo);
        double f1 = inner(u, v, c1)[2];
        double f2 = inner(u, v, c2)[2];
        for (int i = 0; i < 200 && hi - lo > 1e-15 * Math.max(1, top); i++) {
            if (f1 <= f2) {
                hi = c2;
                c2 = c1;
                f2 = f1;
                c1 = hi - g * (hi - lo);
                f1 = inner(u, v, c1)[2];
            } else {
                lo = c1;
                c1 = c2;
                f1 = f2;
                c2 = lo + g * (hi - lo);
                f2 = inner(u, v, c2)[2];
            }
        }
        double c = (lo + hi) / 2;
        double[] ends = {0, top * best / SCAN, c};
        double bestC = ends[0];
        double bestSse = Double.POSITIVE_INFINITY;
        for (double e : ends) {
            double s = inner(u, v, e)[2];
            if (s < bestSse) {
                bestSse = s;
                bestC = e;
            }
        }
        if (bestC < 1e-9 * top) {
            bestC = 0; // the bound itself: the refinement only crept towards it
        }
        double[] p = inner(u, v, bestC);
        double alpha = p[1];
        return assess(new PowerLaw(alpha, Math.exp(p[0]), bestC), x, y, 3);
    }

    /** The fit with the higher adjusted R² (the first on a tie). */
    public static Fit better(Fit a, Fit b) {
        return b.adjustedRSquared() > a.adjustedRSquared() ? b : a;
    }

    /** R² in log space of a given law on (x, y): {@code 1 − Σ (ln y − ln L(x))² / Σ (ln y − mean ln y)²}. */
    public static double rSquared(double[] x, double[] y, PowerLaw law) {
        check(x, y, 2);
        double[] v = logs(y);
        double mean = Arrays.stream(v).average().orElseThrow();
        double sse = 0;
        double sst = 0;
        for (int i = 0; i < x.length; i++) {
            double r = v[i] - Math.log(law.predict(x[i]));
            sse += r * r;
            sst += (v[i] - mean) * (v[i] - mean);
        }
        if (sst == 0) {
            throw new IllegalArgumentException("every y is the same: R² is undefined");
        }
        return 1 - sse / sst;
    }

    /**
     * The compute frontier of a set of runs: the indices of the points (x_i, y_i), in increasing x, whose y is lower
     * than that of every point with a smaller x (on equal x, the lower y counts first). Over the learning curves of
     * models of several sizes, with x the FLOPs spent so far, this is Kaplan et al.'s L(C_min): the lowest loss any
     * of the runs reached with at most that much compute.
     */
    public static int[] frontier(double[] x, double[] y) {
        check(x, y, 1);
        Integer[] order = new Integer[x.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (i, j) -> x[i] != x[j] ? Double.compare(x[i], x[j]) : Double.compare(y[i], y[j]));
        double lowest = Double.POSITIVE_INFINITY;
        int[] keep = new int[x.length];
        int n = 0;
        for (int i : order) {
            if (y[i] < lowest) {
                lowest = y[i];
                keep[n++] = i;
            }
        }
        return Arrays.copyOf(keep, n);
    }

    // ------------------------------------------------------------------ internals

    /**
     * For a fixed L∞ = c: the least-squares (a, α) of {@code ln y ≈ ln(c + exp(a − α ln x))} by Levenberg–Marquardt
     * from the line through ln(y − c); returns {a, α, sse}.
     */
    private static double[] inner(double[] u, double[] v, double c) {
        int n = u.length;
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = Math.log(Math.exp(v[i]) - c);
        }
        double[] line = line(u, w);
        double a = line[0];
        double alpha = -line[1];
        double sse = sse(u, v, c, a, alpha);
        double lambda = 1e-3;
        for (int iter = 0; iter < 500; iter++) {
            // J^T J and J^T r for r_i = v_i − ln(c + t_i), t_i = exp(a − α u_i).
            double jaa = 0, jab = 0, jbb = 0, ga = 0, gb = 0;
            for (int i = 0; i < n; i++) {
                double t = Math.exp(a - alpha * u[i]);
                double f = t / (c + t);
                double r = v[i] - Math.log(c + t);
                double da = -f;          // ∂r/∂a
                double db = u[i] * f;    // ∂r/∂α
                jaa += da * da;
                jab += da * db;
                jbb += db * db;
                ga += da * r;
                gb += db * r;
            }
            boolean improved = false;
            while (lambda < 1e12) {
                double m11 = jaa * (1 + lambda);
                double m22 = jbb * (1 + lambda);
                double det = m11 * m22 - jab * jab;
                double stepA = -(m22 * ga - jab * gb) / det;
                double stepB = -(m11 * gb - jab * ga) / det;
                double s = sse(u, v, c, a + stepA, alpha + stepB);
                if (Double.isFinite(s) && s <= sse) {
                    boolean done = sse - s <= 1e-16 * Math.max(sse, 1e-300) && Math.abs(stepA) + Math.abs(stepB)
                            <= 1e-14 * (Math.abs(a) + Math.abs(alpha) + 1);
                    a += stepA;
                    alpha += stepB;
                    sse = s;
                    lambda = Math.max(lambda / 10, 1e-15);
                    improved = !done;
                    break;
                }
                lambda *= 10;
            }
            if (!improved) {
                break;
            }
        }
        return new double[] {a, alpha, sse};
    }

    private static double sse(double[] u, double[] v, double c, double a, double alpha) {
        double s = 0;
        for (int i = 0; i < u.length; i++) {
            double r = v[i] - Math.log(c + Math.exp(a - alpha * u[i]));
            s += r * r;
        }
        return s;
    }

    /** Ordinary least squares {@code v = a + b u}; returns {a, b}. */
    private static double[] line(double[] u, double[] v) {
        double mu = Arrays.stream(u).average().orElseThrow();
        double mv = Arrays.stream(v).average().orElseThrow();
        double suv = 0;
        double suu = 0;
        for (int i = 0; i < u.length; i++) {
            suv += (u[i] - mu) * (v[i] - mv);
            suu += (u[i] - mu) * (u[i] - mu);
        }
        if (suu == 0) {
            throw new IllegalArgumentException("every x is the same: no line to fit");
        }
        double b = suv / suu;
        return new double[] {mv - b * mu, b};
    }

    private static Fit assess(PowerLaw law, double[] x, double[] y, int parameters) {
        double[] residuals = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            residuals[i] = Math.log(y[i]) - Math.log(law.predict(x[i]));
        }
        double r2 = rSquared(x, y, law);
        int n = x.length;
        double adjusted = 1 - (1 - r2) * (n - 1) / (n - parameters);
        return new Fit(law, r2, adjusted, residuals, parameters);
    }

    private static double[] logs(double[] a) {
        return Arrays.stream(a).map(Math::log).toArray();
    }

    private static void check(double[] x, double[] y, int min) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(x.length + " x values but " + y.length + " y values");
        }
        if (x.length < min) {
            throw new IllegalArgumentException("need at least " + min + " points, got " + x.length);
        }
        for (int i = 0; i < x.length; i++) {
            requirePositive(x[i], "x[" + i + "]");
            requirePositive(y[i], "y[" + i + "]");
        }
    }

    private static void requirePositive(double value, String name) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " = " + value + ": a power law needs finite values > 0");
        }
    }
}
