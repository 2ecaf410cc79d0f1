package org.raven.attacks;

import org.raven.api.model.Posterior;

/**
 * A batch of diagonal Gaussian posteriors as row-major Java arrays, {@code [n, d]} flattened: example
 * {@code i}, dimension {@code j} is at {@code i * d + j}. The form {@link LatentLoss} and
 * {@link GaussianDivergence} work on.
 */
public record Latents(double[] mu, double[] logVar, int n, int d) {

    public Latents {
        if (mu.length != n * d || logVar.length != n * d) {
            throw new IllegalArgumentException("expected " + n + " x " + d + " values, got mu " + mu.length
                    + " and logVar " + logVar.length);
        }
    }

    /** A copy of {@code p} (any data type) in double precision. */
    public static Latents of(Posterior p) {
        return new Latents(Nd.toFlat(p.mu()), Nd.toFlat(p.logVar()), Math.toIntExact(p.batchSize()),
                Math.toIntExact(p.latentDim()));
    }

    /** The rows {@code rows[0], rows[1], ...} of this batch, in that order (rows may repeat). */
    public Latents rows(int[] rows) {
        double[] m = new double[rows.length * d];
        double[] v = new double[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(mu, rows[i] * d, m, i * d, d);
            System.arraycopy(logVar, rows[i] * d, v, i * d, d);
        }
        return new Latents(m, v, rows.length, d);
    }
}
