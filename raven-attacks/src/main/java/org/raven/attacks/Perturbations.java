package org.raven.attacks;

import java.util.SplittableRandom;

/** Random perturbations inside a norm ball, drawn from an explicit generator (never global RNG). */
final class Perturbations {

    private Perturbations() {
    }

    /**
     * A random {@code [n, features]} perturbation, row-major, drawn row by row with {@link #sampleRow}.
     */
    static double[] sample(Norm norm, long n, long features, double delta, boolean onSphere, SplittableRandom rng) {
        int cols = Math.toIntExact(features);
        double[] e = new double[Math.toIntExact(n * features)];
        double[] row = new double[cols];
        for (int i = 0; i < n; i++) {
            sampleRow(row, norm, delta, onSphere, rng);
            System.arraycopy(row, 0, e, i * cols, cols);
        }
        return e;
    }

    /**
     * One example's perturbation into {@code row}. linf: each entry U(-delta, delta). l2: a uniform
     * direction with radius {@code delta} ({@code onSphere}) or {@code delta * u^(1/features)} with
     * u ~ U(0, 1), which is uniform inside the ball.
     */
    static void sampleRow(double[] row, Norm norm, double delta, boolean onSphere, SplittableRandom rng) {
        int cols = row.length;
        if (norm == Norm.LINF) {
            for (int j = 0; j < cols; j++) {
                row[j] = (2 * rng.nextDouble() - 1) * delta;
            }
            return;
        }
        double sq = 0;
        for (int j = 0; j < cols; j++) {
            row[j] = rng.nextGaussian();
            sq += row[j] * row[j];
        }
        double radius = onSphere ? delta : delta * Math.pow(rng.nextDouble(), 1.0 / cols);
        double scale = sq > 0 ? radius / Math.sqrt(sq) : 0;
        for (int j = 0; j < cols; j++) {
            row[j] *= scale;
        }
    }
}
