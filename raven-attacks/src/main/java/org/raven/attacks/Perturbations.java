package org.raven.attacks;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Random perturbations inside a norm ball, drawn from an explicit generator (never global RNG), and the
 * projection onto the attack constraints, for attacks that do their own stepping.
 */
public final class Perturbations {

    private Perturbations() {
    }

    /**
     * A random {@code [n, features]} perturbation, row-major, drawn row by row with {@link #sampleRow}.
     */
    public static double[] sample(Norm norm, long n, long features, double delta, boolean onSphere, SplittableRandom rng) {
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
    public static void sampleRow(double[] row, Norm norm, double delta, boolean onSphere, SplittableRandom rng) {
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

    /**
     * Projects {@code adversarial} onto the attack constraints around {@code clean} ({@code [n, features]},
     * same shape), in place: linf, clip to {@code [max(x - delta, 0), min(x + delta, 1)]} (the exact
     * projection onto ball and box); l2, scale e = x' - x to length delta if longer, then clip to [0, 1]
     * (feasible: clipping only moves each e_i towards 0). The rule {@link PgdEngine} applies after every step.
     *
     * @return {@code adversarial}
     */
    public static INDArray project(Norm norm, INDArray clean, INDArray adversarial, double delta) {
        if (!java.util.Arrays.equals(clean.shape(), adversarial.shape()) || clean.rank() != 2) {
            throw new IllegalArgumentException("clean and adversarial must be [n, features] of one shape (were "
                    + java.util.Arrays.toString(clean.shape()) + " and " + java.util.Arrays.toString(adversarial.shape()) + ")");
        }
        int f = Math.toIntExact(clean.size(1));
        double[] x = Nd.toFlat(clean);
        double[] a = Nd.toFlat(adversarial);
        for (int start = 0; start < a.length; start += f) {
            double scale = 1.0;
            if (norm == Norm.L2) {
                double sq = 0;
                for (int k = start; k < start + f; k++) {
                    sq += (a[k] - x[k]) * (a[k] - x[k]);
                }
                scale = sq > delta * delta ? delta / Math.sqrt(sq) : 1.0;
            }
            for (int k = start; k < start + f; k++) {
                double v = norm == Norm.LINF ? Math.min(Math.max(a[k], x[k] - delta), x[k] + delta)
                        : scale == 1.0 ? a[k] : x[k] + scale * (a[k] - x[k]);
                a[k] = Math.min(Math.max(v, 0.0), 1.0);
            }
        }
        return adversarial.assign(Nd.fromFlat(a, a.length / f, f, adversarial.dataType()));
    }
}
