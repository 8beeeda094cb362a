package org.tlnlp.analysis;

import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

import java.util.function.DoubleUnaryOperator;

/**
 * Functions of small symmetric matrices (a few hundred rows at most), computed on the host from their
 * eigendecomposition: the big products around them stay on the engine, only these k-by-k pieces do not.
 */
final class SymmetricMatrices {

    private SymmetricMatrices() {
    }

    /** f(S) = W f(Λ) Wᵀ for symmetric S = W Λ Wᵀ. */
    static double[][] apply(double[][] s, DoubleUnaryOperator f) {
        EigenDecomposition eig = new EigenDecomposition(MatrixUtils.createRealMatrix(s));
        RealMatrix w = eig.getV();
        double[] lambda = eig.getRealEigenvalues();
        RealMatrix d = MatrixUtils.createRealDiagonalMatrix(java.util.Arrays.stream(lambda).map(f).toArray());
        return w.multiply(d).multiply(w.transpose()).getData();
    }

    /** Eigenvalues (descending) and the matching eigenvectors as columns of the second element. */
    static Object[] eigenDescending(double[][] s) {
        EigenDecomposition eig = new EigenDecomposition(MatrixUtils.createRealMatrix(s));
        double[] lambda = eig.getRealEigenvalues();
        Integer[] order = new Integer[lambda.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(lambda[b], lambda[a]));
        double[] values = new double[lambda.length];
        double[][] vectors = new double[lambda.length][lambda.length];
        RealMatrix v = eig.getV();
        for (int j = 0; j < order.length; j++) {
            values[j] = lambda[order[j]];
            for (int i = 0; i < lambda.length; i++) {
                vectors[i][j] = v.getEntry(i, order[j]);
            }
        }
        return new Object[] {values, vectors};
    }
}
