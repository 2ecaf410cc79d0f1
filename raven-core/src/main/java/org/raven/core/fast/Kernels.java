package org.raven.core.fast;

/**
 * The elementwise parts of a step as fused single-pass loops over {@link Vec}s (bias + ReLU,
 * ReLU mask + bias gradient, likelihood + its gradient + bias gradient, Adam). Offsets and sizes
 * are in elements. Float buffers go to {@link FloatKernels} (float arithmetic, polynomial exp/log:
 * HotSpot's Math.exp and Math.log cost 12-14 ns each on this machine, which would make the
 * 200k-element likelihood pass cost 4 ms); double buffers (tests) use java.lang.Math here.
 */
final class Kernels {

    private Kernels() {
    }

    /** Per-column scratch arrays, sized to the widest layer, made once per model. */
    static final class Scratch {
        final double[] d1;
        final double[] d2;
        final float[] f1;
        final float[] f2;

        Scratch(int width) {
            d1 = new double[width];
            d2 = new double[width];
            f1 = new float[width];
            f2 = new float[width];
        }
    }

    /** a[r, c] = act(a[r, c] + p[bOff + c]) over {@code rows x cols} from aOff; act is ReLU or identity. */
    static void biasAct(Vec a, int aOff, Vec p, int bOff, int rows, int cols, boolean relu, Scratch s) {
        if (a.floats() != null && aOff == 0) {
            FloatKernels.biasAct(a.floats(), p.floats(), bOff, rows, cols, relu, s.f1);
            return;
        }
        double[] bias = s.d1;
        for (int c = 0; c < cols; c++) {
            bias[c] = p.get(bOff + c);
        }
        int i = aOff;
        if (relu) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++, i++) {
                    double v = a.get(i) + bias[c];
                    a.set(i, v <= 0 ? 0 : v); // NaN propagates, as in SameDiff
                }
            }
        } else {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++, i++) {
                    a.set(i, a.get(i) + bias[c]);
                }
            }
        }
    }

    /**
     * ReLU backward in place: d[i] = h[i] > 0 ? d[i] : 0, where h is the layer's ReLU output; when
     * {@code g} is not null also writes the column sums (the bias gradient) to g[gOff..].
     */
    static void reluBackward(Vec d, Vec h, int rows, int cols, Vec g, int gOff, Scratch s) {
        if (d.floats() != null) {
            FloatKernels.reluBackward(d.floats(), h.floats(), rows, cols, g == null ? null : g.floats(), gOff, s.f1);
            return;
        }
        double[] acc = s.d1;
        java.util.Arrays.fill(acc, 0, cols, 0.0);
        int i = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++, i++) {
                double v = h.get(i) <= 0 ? 0 : d.get(i);
                d.set(i, v);
                acc[c] += v;
            }
        }
        if (g != null) {
            for (int c = 0; c < cols; c++) {
                g.set(gOff + c, acc[c]);
            }
        }
    }

    /** Column sums of {@code rows x cols} values of d into g[gOff..]. */
    static void columnSums(Vec d, int rows, int cols, Vec g, int gOff, Scratch s) {
        if (d.floats() != null) {
            FloatKernels.columnSums(d.floats(), rows, cols, g.floats(), gOff, s.f1);
            return;
        }
        double[] acc = s.d1;
        java.util.Arrays.fill(acc, 0, cols, 0.0);
        int i = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++, i++) {
                acc[c] += d.get(i);
            }
        }
        for (int c = 0; c < cols; c++) {
            g.set(gOff + c, acc[c]);
        }
    }

    /**
     * Bernoulli likelihood on logits (bias not yet added): returns sum over all values of
     * BCE-with-logits {@code max(l, 0) - x l + log(1 + exp(-|l|))}, overwrites the logits with
     * {@code scale * (sigmoid(l) - x)} and writes the bias gradient (column sums of that) to g.
     */
    static double bernoulli(Vec logits, Vec x, Vec p, int bOff, int rows, int cols, double scale,
                            Vec g, int gOff, Scratch s) {
        if (logits.floats() != null) {
            return FloatKernels.bernoulli(logits.floats(), x.floats(), p.floats(), bOff, rows, cols, (float) scale,
                    g.floats(), gOff, s.f1, s.f2);
        }
        double[] bias = s.d1;
        double[] acc = s.d2;
        for (int c = 0; c < cols; c++) {
            bias[c] = p.get(bOff + c);
            acc[c] = 0;
        }
        double loss = 0;
        int i = 0;
        for (int r = 0; r < rows; r++) {
            double rowLoss = 0;
            for (int c = 0; c < cols; c++, i++) {
                double l = logits.get(i) + bias[c];
                double t = x.get(i);
                double a = Math.abs(l);
                double e = Math.exp(-a);
                double inv = 1 / (1 + e);
                rowLoss += (l > 0 ? l : 0) - t * l + Math.log1p(e);
                double sig = l >= 0 ? inv : e * inv;
                double grad = scale * (sig - t);
                logits.set(i, grad);
                acc[c] += grad;
            }
            loss += rowLoss;
        }
        for (int c = 0; c < cols; c++) {
            g.set(gOff + c, acc[c]);
        }
        return loss;
    }

    /**
     * Gaussian likelihood with mean sigmoid(l) and fixed variance: returns the sum over all values of
     * {@code (x - m)^2 / (2 v)} (the caller adds the constant), overwrites the logits with
     * {@code scale * d/dl} and writes the bias gradient to g.
     */
    static double gaussian(Vec logits, Vec x, Vec p, int bOff, int rows, int cols, double variance, double scale,
                           Vec g, int gOff, Scratch s) {
        if (logits.floats() != null) {
            return FloatKernels.gaussian(logits.floats(), x.floats(), p.floats(), bOff, rows, cols, (float) variance,
                    (float) scale, g.floats(), gOff, s.f1, s.f2);
        }
        double[] bias = s.d1;
        double[] acc = s.d2;
        for (int c = 0; c < cols; c++) {
            bias[c] = p.get(bOff + c);
            acc[c] = 0;
        }
        double half = 0.5 / variance;
        double sum = 0;
        int i = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++, i++) {
                double l = logits.get(i) + bias[c];
                double e = Math.exp(-Math.abs(l));
                double inv = 1 / (1 + e);
                double m = l >= 0 ? inv : e * inv;
                double diff = m - x.get(i);
                sum += diff * diff;
                double grad = scale * 2 * half * diff * m * (1 - m);
                logits.set(i, grad);
                acc[c] += grad;
            }
        }
        for (int c = 0; c < cols; c++) {
            g.set(gOff + c, acc[c]);
        }
        return sum * half;
    }

    /**
     * Textbook Adam (Kingma and Ba, Algorithm 1) over n values: m = b1 m + (1 - b1) g,
     * v = b2 v + (1 - b2) g^2, p -= lr * mHat / (sqrt(vHat) + eps) with mHat = m / (1 - b1^t),
     * vHat = v / (1 - b2^t).
     */
    static void adam(Vec p, Vec g, Vec m, Vec v, int n, double lr, double b1, double b2, double eps, long t) {
        if (p.floats() != null) {
            FloatKernels.adam(p.floats(), g.floats(), m.floats(), v.floats(), 0, n, lr, b1, b2, eps, t);
            return;
        }
        double c1 = 1 - Math.pow(b1, t);
        double c2 = 1 - Math.pow(b2, t);
        double stepSize = lr / c1;
        double invSqrtC2 = 1 / Math.sqrt(c2);
        double ob1 = 1 - b1;
        double ob2 = 1 - b2;
        for (int i = 0; i < n; i++) {
            double gi = g.get(i);
            double mi = b1 * m.get(i) + ob1 * gi;
            double vi = b2 * v.get(i) + ob2 * gi * gi;
            m.set(i, mi);
            v.set(i, vi);
            p.set(i, p.get(i) - stepSize * mi / (Math.sqrt(vi) * invSqrtC2 + eps));
        }
    }
}
