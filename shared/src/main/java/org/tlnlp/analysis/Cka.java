package org.tlnlp.analysis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Linear centred kernel alignment (Kornblith, Norouzi, Lee and Hinton, 2019, "Similarity of Neural Network
 * Representations Revisited", ICML): how similar two representations of the same n examples are, for instance
 * one layer before and after fine-tuning, or two layers of one model. X is (n, d₁), Y is (n, d₂), row i of both
 * describing example i; the widths may differ.
 *
 * <p>With X and Y centred (each column minus its mean),
 *
 * <pre>
 *   CKA(X, Y) = ‖Yᵀ X‖²_F / (‖Xᵀ X‖_F ‖Yᵀ Y‖_F)
 * </pre>
 *
 * which equals the normalised Hilbert–Schmidt independence criterion of the linear-kernel Gram matrices
 * K = X Xᵀ and L = Y Yᵀ (centred, since X and Y are): HSIC(K, L) / √(HSIC(K, K) HSIC(L, L)) with
 * HSIC(K, L) = Σᵢⱼ Kᵢⱼ Lᵢⱼ / (n − 1)² for centred K and L (their CKA with the linear kernel). It lies in [0, 1], is 1 for
 * CKA(X, X), and is invariant to orthogonal transforms and isotropic scaling of either side (and to adding a
 * constant row, by the centring) — but not to arbitrary invertible linear maps, which is the paper's argument
 * for it over CCA: a measure invariant to all invertible maps cannot tell apart representations wider than the
 * number of examples.
 *
 * <p>{@link #linear} picks whichever form is cheaper: the feature-space one costs n(d₁d₂ + d₁² + d₂²) multiply-adds,
 * the Gram one n²(d₁ + d₂) + 3n²; both are matrix products on the engine. Only three scalars come back to the
 * host. Products are formed in the input's type (float32 gives about six significant digits); norms are summed
 * in float64.
 */
public final class Cka {

    private Cka() {
    }

    /** Linear CKA of the rows of x and y, by the cheaper of the two equal forms. */
    public static double linear(NDArray x, NDArray y) {
        check(x, y);
        long n = x.getShape().get(0);
        double d1 = x.getShape().get(1);
        double d2 = y.getShape().get(1);
        double featureCost = n * (d1 * d2 + d1 * d1 + d2 * d2);
        double gramCost = (double) n * n * (d1 + d2 + 3);
        return featureCost <= gramCost ? linearFeatureSpace(x, y) : linearGram(x, y);
    }

    /** ‖Yᵀ X‖²_F / (‖Xᵀ X‖_F ‖Yᵀ Y‖_F) on centred X and Y: d×d products, cheap when n is large. */
    public static double linearFeatureSpace(NDArray x, NDArray y) {
        check(x, y);
        try (NDManager scope = x.getManager().newSubManager()) {
            Scopes.borrow(scope, x, y);
            NDArray xc = centred(x);
            NDArray yc = centred(y.toType(x.getDataType(), false));
            xc.attach(scope);
            yc.attach(scope);
            double cross = squaredNorm(yc.transpose().matMul(xc));
            double xx = Math.sqrt(squaredNorm(xc.transpose().matMul(xc)));
            double yy = Math.sqrt(squaredNorm(yc.transpose().matMul(yc)));
            return ratio(cross, xx, yy);
        }
    }

    /**
     * Σᵢⱼ KᵢⱼLᵢⱼ / √(Σ K²ᵢⱼ Σ L²ᵢⱼ) with K = Xc Xcᵀ, L = Yc Ycᵀ: n×n products, cheap when the representations
     * are wider than the number of examples. (Centring the rows of X centres K: H K H = Xc Xcᵀ with H = I − 11ᵀ/n.)
     */
    public static double linearGram(NDArray x, NDArray y) {
        check(x, y);
        try (NDManager scope = x.getManager().newSubManager()) {
            Scopes.borrow(scope, x, y);
            NDArray xc = centred(x);
            NDArray yc = centred(y.toType(x.getDataType(), false));
            xc.attach(scope);
            yc.attach(scope);
            NDArray k = xc.matMul(xc.transpose());
            NDArray l = yc.matMul(yc.transpose());
            double kl = k.mul(l).toType(DataType.FLOAT64, false).sum().getDouble();
            double kk = Math.sqrt(squaredNorm(k));
            double ll = Math.sqrt(squaredNorm(l));
            return ratio(kl, kk, ll);
        }
    }

    private static double ratio(double numerator, double normX, double normY) {
        if (normX == 0 || normY == 0) {
            // check() rejects constant inputs; this is the float underflow of a nearly constant one.
            throw new IllegalArgumentException("CKA is undefined: a representation has no variance across the rows");
        }
        return numerator / (normX * normY);
    }

    static NDArray centred(NDArray a) {
        return a.sub(a.mean(new int[] {0}));
    }

    static double squaredNorm(NDArray a) {
        return a.toType(DataType.FLOAT64, false).square().sum().getDouble();
    }

    static void check(NDArray x, NDArray y) {
        if (x == null || y == null) {
            throw new IllegalArgumentException("expected two (n, d) representation matrices, got null");
        }
        Shape sx = x.getShape();
        Shape sy = y.getShape();
        if (sx.dimension() != 2 || sy.dimension() != 2) {
            throw new IllegalArgumentException("expected two (n, d) matrices, one row per example, got shapes " + sx
                    + " and " + sy);
        }
        if (sx.get(0) != sy.get(0)) {
            throw new IllegalArgumentException("expected the same examples (rows) on both sides, got " + sx.get(0)
                    + " rows in x and " + sy.get(0) + " in y");
        }
        if (sx.get(0) < 2 || sx.get(1) < 1 || sy.get(1) < 1) {
            throw new IllegalArgumentException("expected at least 2 rows and 1 column on each side, got shapes " + sx
                    + " and " + sy);
        }
        checkFinite("x", x);
        checkFinite("y", y);
        checkVaries("x", x);
        checkVaries("y", y);
    }

    private static void checkFinite(String name, NDArray a) {
        try (NDManager scope = a.getManager().newSubManager()) {
            Scopes.borrow(scope, a);
            // NaN ≠ NaN, and ∞ − ∞ is NaN: one reduction finds both.
            if (!Double.isFinite(a.toType(DataType.FLOAT64, false).sum().getDouble())) {
                throw new IllegalArgumentException("expected finite values in " + name + ", found NaN or infinity");
            }
        }
    }

    private static void checkVaries(String name, NDArray a) {
        try (NDManager scope = a.getManager().newSubManager()) {
            Scopes.borrow(scope, a);
            if (a.max(new int[] {0}).sub(a.min(new int[] {0})).max().toType(DataType.FLOAT64, false).getDouble() == 0) {
                throw new IllegalArgumentException("expected " + name + " to vary across rows, but every row is the same:"
                        + " its similarity to anything is undefined");
            }
        }
    }
}
