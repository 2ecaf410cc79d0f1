package org.raven.defences;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Largest singular values of weight matrices: a cheap power-iteration estimate and a certified upper bound. */
final class SpectralNorms {

    /** Squarings in {@link #upperBound}: the bound exceeds sigma_max by at most rank^(1 / 2^(SQUARINGS+1)) (< 0.1% for rank 512). */
    static final int SQUARINGS = 12;

    private SpectralNorms() {
    }

    /**
     * An upper bound on sigma_max(W) that needs no convergence: for the Gram matrix A = W'W (the smaller side),
     * lambda_max(A) <= ||A^(2^k)||_F^(1 / 2^k) for every k, since the Frobenius norm of a symmetric PSD matrix's
     * power is at least its largest eigenvalue's power. Computed by repeated squaring with renormalisation, in double.
     */
    static double upperBound(INDArray w) {
        INDArray m = w.castTo(DataType.DOUBLE);
        INDArray a = m.size(0) >= m.size(1) ? m.transpose().mmul(m) : m.mmul(m.transpose());
        double frob = a.norm2Number().doubleValue();
        if (frob == 0) {
            return 0;
        }
        a.divi(frob);
        double logNorm = Math.log(frob); // log ||A^(2^k)||_F, with a holding A^(2^k) / ||A^(2^k)||_F
        int power = 0;
        for (int k = 1; k <= SQUARINGS; k++) {
            a = a.mmul(a);
            double s = a.norm2Number().doubleValue();
            if (s == 0) {
                break; // nilpotent in floating point: the scaled power vanished, the previous bound stands
            }
            a.divi(s);
            logNorm = 2 * logNorm + Math.log(s);
            power = k;
        }
        return Math.sqrt(Math.exp(logNorm / Math.pow(2, power)));
    }

    /**
     * One power-iteration step for sigma_max(W), W of shape {@code [in, out]}: updates the persistent right vector
     * {@code v} ({@code [out, 1]}, unit norm) in place and returns the estimate ||W v|| (a lower bound that tightens
     * across calls while W changes slowly, as in Miyato et al. 2018).
     */
    static double powerStep(INDArray w, INDArray v) {
        INDArray u = w.mmul(v);
        double un = u.norm2Number().doubleValue();
        if (un == 0) {
            return 0;
        }
        u.divi(un);
        INDArray next = w.transpose().mmul(u);
        double sigma = next.norm2Number().doubleValue();
        if (sigma > 0) {
            v.assign(next.divi(sigma));
        }
        return sigma;
    }

    /** A unit start vector {@code [n, 1]} in {@code type}: deterministic, so training is reproducible. */
    static INDArray startVector(long n, DataType type) {
        double[] values = new double[(int) n];
        for (int i = 0; i < values.length; i++) {
            values[i] = 1.0 + 0.01 * (i % 7); // not orthogonal to the top singular vector in practice
        }
        INDArray v = Nd4j.create(values, new long[] {n, 1}, DataType.DOUBLE);
        return v.divi(v.norm2Number()).castTo(type);
    }
}
