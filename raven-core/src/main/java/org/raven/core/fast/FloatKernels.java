package org.raven.core.fast;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Float-arithmetic versions of the hot {@link Kernels} for float buffers. Measured here: the same
 * loops in double arithmetic over float storage ran 2-5x slower and erratically (float/double
 * conversions on every element), so the float path never converts inside a loop.
 */
final class FloatKernels {

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;

    private FloatKernels() {
    }

    /** exp(x) for x <= 0 in float (Cephes expf polynomial, about 1 ulp); 0 below -87. */
    static float expNonPositive(float x) {
        if (x < -87f) {
            return 0f;
        }
        int k = (int) (x * LOG2E - 0.5f);
        float r = x - k * LN2_HI - k * LN2_LO;
        float p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(1.9875691500E-4f, r, 1.3981999507E-3f), r, 8.3334519073E-3f),
                r, 4.1665795894E-2f), r, 1.6666665459E-1f), r, 5.0000001201E-1f);
        p = Math.fma(p, r * r, r) + 1f;
        return p * Float.intBitsToFloat((k + 127) << 23);
    }

    /** log(1 + e) for e in [0, 1] in float: atanh series in s = e / (2 + e) <= 1/3, about 1 ulp. */
    static float log1pUnit(float e) {
        float s = e / (2f + e);
        float s2 = s * s;
        float p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(1f / 11, s2, 1f / 9), s2, 1f / 7), s2, 1f / 5), s2, 1f / 3), s2, 1f);
        return 2f * s * p;
    }

    /**
     * Bernoulli BCE-with-logits over rows {@code [r0, r1)}: returns the sum of
     * {@code max(l, 0) - x l + log(1 + exp(-|l|))}, overwrites the logits with
     * {@code scale * (sigmoid(l) - x)} and adds those to the per-column sums in {@code acc}.
     */
    static double bernoulli(FloatBuffer logits, FloatBuffer x, int r0, int r1, int cols, float scale, float[] acc) {
        double loss = 0;
        int i = r0 * cols;
        for (int r = r0; r < r1; r++) {
            float rowLoss = 0f;
            for (int c = 0; c < cols; c++, i++) {
                float l = logits.get(i);
                float t = x.get(i);
                float a = Math.abs(l);
                float e = expNonPositive(-a);
                float inv = 1f / (1f + e);
                rowLoss += 0.5f * (l + a) - t * l + log1pUnit(e);
                float sig = 0.5f + Math.copySign(inv - 0.5f, l);
                float grad = scale * (sig - t);
                logits.put(i, grad);
                acc[c] += grad;
            }
            loss += rowLoss;
        }
        return loss;
    }

    /**
     * Gaussian with mean sigmoid(l), fixed variance, over rows {@code [r0, r1)}: returns the sum of
     * {@code (x - m)^2 / (2 v)}, overwrites the logits with {@code scale * d/dl}, adds to {@code acc}.
     */
    static double gaussian(FloatBuffer logits, FloatBuffer x, int r0, int r1, int cols, float variance, float scale,
                           float[] acc) {
        float inv2v = 0.5f / variance;
        double sum = 0;
        int i = r0 * cols;
        for (int r = r0; r < r1; r++) {
            float rowSum = 0f;
            for (int c = 0; c < cols; c++, i++) {
                float l = logits.get(i);
                float e = expNonPositive(-Math.abs(l));
                float inv = 1f / (1f + e);
                float m = 0.5f + Math.copySign(inv - 0.5f, l);
                float diff = m - x.get(i);
                rowSum += diff * diff;
                float grad = scale * 2f * inv2v * diff * m * (1f - m);
                logits.put(i, grad);
                acc[c] += grad;
            }
            sum += rowSum;
        }
        return sum * inv2v;
    }

    /**
     * Whether the JVM has the Vector API ({@code --add-modules jdk.incubator.vector}: the {@code raven} launcher, its
     * workers, the benchmarks and the tests pass it): then Adam runs in {@link VectorAdam}, with identical results.
     */
    static final boolean VECTOR_ADAM = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    /**
     * {@link #adam(FloatBuffer, FloatBuffer, FloatBuffer, FloatBuffer, int, int, double, double, double, double, long)}
     * over the same memory as byte buffers, in vector lanes when {@link #VECTOR_ADAM} and {@code vector} allow.
     */
    static void adam(ByteBuffer p, ByteBuffer g, ByteBuffer m, ByteBuffer v, int from, int to, double lr, double b1d,
                     double b2d, double eps, long t, boolean vector) {
        int done = from;
        if (vector && VECTOR_ADAM) {
            AdamConstants c = new AdamConstants(lr, b1d, b2d, eps, t);
            done = VectorAdam.update(p, g, m, v, from, to, c.b1, c.b2, c.ob1, c.ob2, c.stepSize, c.invSqrtC2, c.eps);
        }
        if (done < to) {
            adam(floats(p), floats(g), floats(m), floats(v), done, to, lr, b1d, b2d, eps, t);
        }
    }

    private static FloatBuffer floats(ByteBuffer b) {
        return b.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** Adam's per-step constants in float, computed once for the scalar and the vector loop alike. */
    private static final class AdamConstants {
        final float stepSize;
        final float invSqrtC2;
        final float b1;
        final float b2;
        final float ob1;
        final float ob2;
        final float eps;

        AdamConstants(double lr, double b1d, double b2d, double epsilon, long t) {
            stepSize = (float) (lr / (1 - Math.pow(b1d, t)));
            invSqrtC2 = (float) (1 / Math.sqrt(1 - Math.pow(b2d, t)));
            b1 = (float) b1d;
            b2 = (float) b2d;
            ob1 = (float) (1 - b1d);
            ob2 = (float) (1 - b2d);
            eps = (float) epsilon;
        }
    }

    static void adam(FloatBuffer p, FloatBuffer g, FloatBuffer m, FloatBuffer v, int from, int to, double lr, double b1d,
                     double b2d, double eps, long t) {
        AdamConstants c = new AdamConstants(lr, b1d, b2d, eps, t);
        float stepSize = c.stepSize;
        float invSqrtC2 = c.invSqrtC2;
        float b1 = c.b1;
        float b2 = c.b2;
        float ob1 = c.ob1;
        float ob2 = c.ob2;
        float e = c.eps;
        for (int i = from; i < to; i++) {
            float gi = g.get(i);
            float mi = b1 * m.get(i) + ob1 * gi;
            float vi = b2 * v.get(i) + ob2 * gi * gi;
            m.put(i, mi);
            v.put(i, vi);
            p.put(i, p.get(i) - stepSize * mi / ((float) Math.sqrt(vi) * invSqrtC2 + e));
        }
    }
}
