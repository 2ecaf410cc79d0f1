package org.raven.attacks;

import java.util.SplittableRandom;

/** Random perturbations inside a norm ball, drawn from an explicit generator (never global RNG). */
final class Perturbations {

    private Perturbations() {
    }

    /**
     * A random {@code [n, features]} perturbation, row-major. linf: each entry U(-delta, delta). l2: a uniform
     * direction per row with radius {@code delta} ({@code onSphere}) or {@code delta * u^(1/features)}
     * with u ~ U(0, 1), which is uniform inside the ball.
     */
    static double[] sample(Norm norm, long n, long features, double delta, boolean onSphere, SplittableRandom rng) {
        double[] e = new double[Math.toIntExact(n * features)];
        addSample(e, norm, n, features, delta, onSphere, rng);
        return e;
    }

    /** Adds a perturbation drawn as in {@link #sample} to {@code into[0, n * features)}. */
    static void addSample(double[] into, Norm norm, long n, long features, double delta, boolean onSphere,
                          SplittableRandom rng) {
        int cols = Math.toIntExact(features);
        int total = Math.toIntExact(n * features);
        if (norm == Norm.LINF) {
            for (int k = 0; k < total; k++) {
                into[k] += (2 * rng.nextDouble() - 1) * delta;
            }
            return;
        }
        double[] row = new double[cols];
        for (int i = 0; i < n; i++) {
            double sq = 0;
            for (int j = 0; j < cols; j++) {
                row[j] = rng.nextGaussian();
                sq += row[j] * row[j];
            }
            double radius = onSphere ? delta : delta * Math.pow(rng.nextDouble(), 1.0 / cols);
            double scale = sq > 0 ? radius / Math.sqrt(sq) : 0;
            for (int j = 0; j < cols; j++) {
                into[i * cols + j] += scale * row[j];
            }
        }
    }
}
