package org.raven.core.fast;

/**
 * The elementwise parts of a step as fused single-pass loops over {@link Vec}s (likelihood +
 * its gradient + the output bias gradient; Adam). Offsets and sizes
 * are in elements. Float buffers go to {@link FloatKernels} (float arithmetic, polynomial exp/log:
 * HotSpot's Math.exp and Math.log cost 12-14 ns each on this machine, which would make the
 * 200k-element likelihood pass cost 4 ms); double buffers (tests) use java.lang.Math here.
 */
final class Kernels {

    private Kernels() {
    }

    /** Per-column accumulators, one per thread part, sized to the input width, made once per model. */
    static final class Scratch {
        final double[][] d;
        final float[][] f;

        Scratch(int width) {
            d = new double[2][width];
            f = new float[2][width];
        }
    }

    /**
     * The likelihood over rows {@code [r0, r1)} of {@code logits} (which include the output bias):
     * returns the sum of the negative log-likelihood terms (for the Gaussian without its constant),
     * overwrites the logits with {@code scale * d/dlogit} and adds those into the column sums of
     * {@code part}'s accumulator (zeroed here). Bernoulli: BCE with logits,
     * {@code max(l, 0) - x l + log(1 + exp(-|l|))}; Gaussian: {@code (x - sigmoid(l))^2 / (2 variance)}.
     */
    static double likelihood(boolean gaussian, double variance, Vec logits, Vec x, int r0, int r1, int cols, double scale,
                             Scratch s, int part) {
        if (logits.floats() != null) {
            float[] acc = s.f[part];
            java.util.Arrays.fill(acc, 0, cols, 0f);
            return gaussian
                    ? FloatKernels.gaussian(logits.floats(), x.floats(), r0, r1, cols, (float) variance, (float) scale, acc)
                    : FloatKernels.bernoulli(logits.floats(), x.floats(), r0, r1, cols, (float) scale, acc);
        }
        double[] acc = s.d[part];
        java.util.Arrays.fill(acc, 0, cols, 0.0);
        double half = 0.5 / variance;
        double loss = 0;
        int i = r0 * cols;
        for (int r = r0; r < r1; r++) {
            for (int c = 0; c < cols; c++, i++) {
                double l = logits.get(i);
                double t = x.get(i);
                double e = Math.exp(-Math.abs(l));
                double sig = l >= 0 ? 1 / (1 + e) : e / (1 + e);
                double grad;
                if (gaussian) {
                    double diff = sig - t;
                    loss += diff * diff * half;
                    grad = scale * diff / variance * sig * (1 - sig);
                } else {
                    loss += (l > 0 ? l : 0) - t * l + Math.log1p(e);
                    grad = scale * (sig - t);
                }
                logits.set(i, grad);
                acc[c] += grad;
            }
        }
        return loss;
    }

    /** Writes the sum of the first {@code parts} accumulators (the output bias gradient) to g from gOff. */
    static void writeColumnSums(Scratch s, int parts, int cols, Vec g, int gOff) {
        for (int c = 0; c < cols; c++) {
            double v = 0;
            for (int p = 0; p < parts; p++) {
                v += g.floats() != null ? s.f[p][c] : s.d[p][c];
            }
            g.set(gOff + c, v);
        }
    }

    /**
     * Textbook Adam (Kingma and Ba, Algorithm 1) over n values: m = b1 m + (1 - b1) g,
     * v = b2 v + (1 - b2) g^2, p -= lr * mHat / (sqrt(vHat) + eps) with mHat = m / (1 - b1^t),
     * vHat = v / (1 - b2^t).
     */
    static void adam(Vec p, Vec g, Vec m, Vec v, int from, int to, double lr, double b1, double b2, double eps, long t) {
        if (p.floats() != null) {
            FloatKernels.adam(p.floatBytes(), g.floatBytes(), m.floatBytes(), v.floatBytes(), from, to, lr, b1, b2, eps, t, true);
            return;
        }
        double c1 = 1 - Math.pow(b1, t);
        double c2 = 1 - Math.pow(b2, t);
        double stepSize = lr / c1;
        double invSqrtC2 = 1 / Math.sqrt(c2);
        double ob1 = 1 - b1;
        double ob2 = 1 - b2;
        for (int i = from; i < to; i++) {
            double gi = g.get(i);
            double mi = b1 * m.get(i) + ob1 * gi;
            double vi = b2 * v.get(i) + ob2 * gi * gi;
            m.set(i, mi);
            v.set(i, vi);
            p.set(i, p.get(i) - stepSize * mi / (Math.sqrt(vi) * invSqrtC2 + eps));
        }
    }
}
