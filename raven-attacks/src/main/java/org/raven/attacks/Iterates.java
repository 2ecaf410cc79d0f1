package org.raven.attacks;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The per-element work of projected gradient ascent on Java arrays: the clean batch, the current and
 * best iterates, the gradient and the linf bounds, row-major {@code [n, f]}. Two implementations:
 * float arrays for float32 models (what the model sees, exchanged with ND4J by plain memcpy, half the
 * memory traffic) and double arrays for everything else. Instances are reused across runs.
 */
abstract sealed class Iterates permits Iterates.Floats, Iterates.Doubles {

    final HostIo io = new HostIo();
    int n;
    int f;
    double delta;
    private double[] row = new double[0];
    /** Scratch rows for the l2 momentum step. */
    double[] zRow = new double[0];
    double[] cleanRow = new double[0];

    /** A reusable instance for this data type and shape: {@code previous} if it fits. */
    static Iterates fit(Iterates previous, DataType type, int n, int f) {
        boolean floats = type == DataType.FLOAT;
        if (previous != null && previous.n * previous.f == n * f && (previous instanceof Floats) == floats) {
            previous.n = n;
            previous.f = f;
            return previous;
        }
        Iterates it = floats ? new Floats(n * f) : new Doubles(n * f);
        it.n = n;
        it.f = f;
        return it;
    }

    /** Reads x, sets the linf bounds {@code [max(x - delta, 0), min(x + delta, 1)]} and best = x. */
    abstract void start(INDArray x, double delta);

    /** cur = clean. */
    abstract void reset();

    /** cur += one random row per example (see {@link Perturbations#sampleRow}). */
    void addRandomStart(Norm norm, SplittableRandom rng) {
        if (row.length != f) {
            row = new double[f];
        }
        for (int i = 0; i < n; i++) {
            Perturbations.sampleRow(row, norm, delta, false, rng);
            addRow(i, row);
        }
    }

    abstract void addRow(int i, double[] values);

    /** Writes cur into {@code target} (a plain array of the model's data type). */
    abstract void writeCurrent(INDArray target);

    /** Reads the gradient with respect to cur. */
    abstract void readGradient(INDArray gradient);

    /** linf: cur = clip(cur + alpha * sign(g), lo, hi) in one pass; zero gradient entries stay. */
    abstract void signStepAndClip(double alpha);

    /** l2: cur += alpha * g / ||g|| per example (examples with a zero gradient stay). */
    abstract void normalisedStep(double alpha);

    /** Projects cur: linf onto [lo, hi]; l2 onto the ball, then the box [0, 1]. */
    abstract void project(Norm norm);

    /** best[i] = cur[i]. */
    abstract void keepRow(int i);

    /** Writes best into {@code target}. */
    abstract void writeBest(INDArray target);

    /** The norm of best - clean per example. */
    abstract double[] bestNorms(Norm norm);

    // APGD (ApgdEngine): the previous iterate for momentum, and each example's best point of the current
    // restart with the gradient there, to step from again when its step size is halved.

    /** Allocates prev, restartBest and gBest if this instance has none yet. */
    abstract void enableMomentum();

    /** prev = cur. */
    abstract void savePrevious();

    /**
     * One APGD step per example i with step size {@code eta[i]} and momentum weight {@code a}:
     * z = P(cur + eta * s(g)), cur' = P(cur + a (z - cur) + (1 - a) (cur - prev)), prev = cur; s is the sign
     * (linf) or g / ||g|| (l2) and P the engine's projection.
     */
    abstract void momentumStep(Norm norm, double[] eta, double a);

    /** restartBest[i] = cur[i] and gBest[i] = g[i]. */
    abstract void keepRestartBest(int i);

    /** cur[i] = restartBest[i] and g[i] = gBest[i]. */
    abstract void returnToRestartBest(int i);

    /** best[i] = restartBest[i]. */
    abstract void commitRestartBest(int i);

    /** e = z - clean on one row (doubles), projected onto the l2 ball of radius delta, then x + e into [0, 1]. */
    final void projectRowL2(double[] z, double[] cleanRow) {
        double sq = 0;
        for (int j = 0; j < f; j++) {
            double e = z[j] - cleanRow[j];
            sq += e * e;
        }
        double s = sq > delta * delta ? delta / Math.sqrt(sq) : 1.0;
        for (int j = 0; j < f; j++) {
            double v = s == 1.0 ? z[j] : cleanRow[j] + s * (z[j] - cleanRow[j]);
            z[j] = Math.min(Math.max(v, 0.0), 1.0);
        }
    }


    final void fitRows() {
        if (zRow.length != f) {
            zRow = new double[f];
            cleanRow = new double[f];
        }
    }

    /**
     * The float implementation. Arithmetic is done in double and rounded once per element, so both
     * implementations take the same steps up to the final rounding.
     */
    static final class Floats extends Iterates {
        final float[] clean;
        final float[] cur;
        final float[] best;
        final float[] g;
        final float[] lo;
        final float[] hi;

        Floats(int size) {
            clean = new float[size];
            cur = new float[size];
            best = new float[size];
            g = new float[size];
            lo = new float[size];
            hi = new float[size];
        }

        @Override
        void start(INDArray x, double delta) {
            this.delta = delta;
            io.read(x, clean);
            for (int k = 0; k < n * f; k++) {
                lo[k] = (float) Math.max(clean[k] - delta, 0.0);
                hi[k] = (float) Math.min(clean[k] + delta, 1.0);
            }
            System.arraycopy(clean, 0, best, 0, n * f);
        }

        @Override
        void reset() {
            System.arraycopy(clean, 0, cur, 0, n * f);
        }

        @Override
        void addRow(int i, double[] values) {
            for (int j = 0, k = i * f; j < f; j++, k++) {
                cur[k] = (float) (cur[k] + values[j]);
            }
        }

        @Override
        void writeCurrent(INDArray target) {
            io.write(cur, target);
        }

        @Override
        void readGradient(INDArray gradient) {
            io.read(gradient, g);
        }

        @Override
        void signStepAndClip(double alpha) {
            float a = (float) alpha;
            for (int k = 0; k < n * f; k++) {
                // copySign, not Math.signum: signum is not intrinsified and made this loop several times slower
                float step = g[k] != 0 ? Math.copySign(a, g[k]) : 0f;
                cur[k] = Math.min(Math.max(cur[k] + step, lo[k]), hi[k]);
            }
        }

        @Override
        void normalisedStep(double alpha) {
            for (int i = 0; i < n; i++) {
                double sq = 0;
                for (int k = i * f; k < (i + 1) * f; k++) {
                    sq += (double) g[k] * g[k];
                }
                if (sq > 0) {
                    double s = alpha / Math.sqrt(sq);
                    for (int k = i * f; k < (i + 1) * f; k++) {
                        cur[k] = (float) (cur[k] + s * g[k]);
                    }
                }
            }
        }

        @Override
        void project(Norm norm) {
            if (norm == Norm.LINF) {
                for (int k = 0; k < n * f; k++) {
                    cur[k] = Math.min(Math.max(cur[k], lo[k]), hi[k]);
                }
                return;
            }
            for (int i = 0; i < n; i++) {
                double sq = 0;
                for (int k = i * f; k < (i + 1) * f; k++) {
                    double e = (double) cur[k] - clean[k];
                    sq += e * e;
                }
                double s = sq > delta * delta ? delta / Math.sqrt(sq) : 1.0;
                for (int k = i * f; k < (i + 1) * f; k++) {
                    double v = s == 1.0 ? cur[k] : clean[k] + s * ((double) cur[k] - clean[k]);
                    cur[k] = (float) Math.min(Math.max(v, 0.0), 1.0);
                }
            }
        }

        @Override
        void keepRow(int i) {
            System.arraycopy(cur, i * f, best, i * f, f);
        }

        @Override
        void writeBest(INDArray target) {
            io.write(best, target);
        }

        @Override
        double[] bestNorms(Norm norm) {
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                double acc = 0;
                for (int k = i * f; k < (i + 1) * f; k++) {
                    double e = Math.abs((double) best[k] - clean[k]);
                    acc = norm == Norm.LINF ? Math.max(acc, e) : acc + e * e;
                }
                out[i] = norm == Norm.LINF ? acc : Math.sqrt(acc);
            }
            return out;
        }

        float[] prev;
        float[] restartBest;
        float[] gBest;

        @Override
        void enableMomentum() {
            if (prev == null || prev.length != cur.length) {
                prev = new float[cur.length];
                restartBest = new float[cur.length];
                gBest = new float[cur.length];
            }
        }

        @Override
        void savePrevious() {
            System.arraycopy(cur, 0, prev, 0, n * f);
        }

        @Override
        void momentumStep(Norm norm, double[] eta, double a) {
            if (norm == Norm.LINF) {
                float af = (float) a;
                float bf = (float) (1 - a);
                for (int i = 0; i < n; i++) {
                    float e = (float) eta[i];
                    for (int k = i * f, end = k + f; k < end; k++) {
                        float c = cur[k];
                        float step = g[k] != 0 ? Math.copySign(e, g[k]) : 0f;
                        float z = Math.min(Math.max(c + step, lo[k]), hi[k]);
                        float v = c + af * (z - c) + bf * (c - prev[k]);
                        prev[k] = c;
                        cur[k] = Math.min(Math.max(v, lo[k]), hi[k]);
                    }
                }
                return;
            }
            fitRows();
            for (int i = 0; i < n; i++) {
                int base = i * f;
                double sq = 0;
                for (int j = 0; j < f; j++) {
                    sq += (double) g[base + j] * g[base + j];
                }
                double s = sq > 0 ? eta[i] / Math.sqrt(sq) : 0.0;
                for (int j = 0; j < f; j++) {
                    cleanRow[j] = clean[base + j];
                    zRow[j] = cur[base + j] + s * g[base + j];
                }
                projectRowL2(zRow, cleanRow);
                for (int j = 0; j < f; j++) {
                    double c = cur[base + j];
                    zRow[j] = c + a * (zRow[j] - c) + (1 - a) * (c - prev[base + j]);
                }
                projectRowL2(zRow, cleanRow);
                for (int j = 0; j < f; j++) {
                    prev[base + j] = cur[base + j];
                    cur[base + j] = (float) zRow[j];
                }
            }
        }

        @Override
        void keepRestartBest(int i) {
            System.arraycopy(cur, i * f, restartBest, i * f, f);
            System.arraycopy(g, i * f, gBest, i * f, f);
        }

        @Override
        void returnToRestartBest(int i) {
            System.arraycopy(restartBest, i * f, cur, i * f, f);
            System.arraycopy(gBest, i * f, g, i * f, f);
        }

        @Override
        void commitRestartBest(int i) {
            System.arraycopy(restartBest, i * f, best, i * f, f);
        }
    }

    /** The double implementation, for double (and any other non-float) models. */
    static final class Doubles extends Iterates {
        final double[] clean;
        final double[] cur;
        final double[] best;
        final double[] g;
        final double[] lo;
        final double[] hi;

        Doubles(int size) {
            clean = new double[size];
            cur = new double[size];
            best = new double[size];
            g = new double[size];
            lo = new double[size];
            hi = new double[size];
        }

        @Override
        void start(INDArray x, double delta) {
            this.delta = delta;
            io.read(x, clean);
            for (int k = 0; k < n * f; k++) {
                lo[k] = Math.max(clean[k] - delta, 0.0);
                hi[k] = Math.min(clean[k] + delta, 1.0);
            }
            System.arraycopy(clean, 0, best, 0, n * f);
        }

        @Override
        void reset() {
            System.arraycopy(clean, 0, cur, 0, n * f);
        }

        @Override
        void addRow(int i, double[] values) {
            for (int j = 0, k = i * f; j < f; j++, k++) {
                cur[k] += values[j];
            }
        }

        @Override
        void writeCurrent(INDArray target) {
            io.write(cur, target);
        }

        @Override
        void readGradient(INDArray gradient) {
            io.read(gradient, g);
        }

        @Override
        void signStepAndClip(double alpha) {
            for (int k = 0; k < n * f; k++) {
                double step = g[k] != 0 ? Math.copySign(alpha, g[k]) : 0.0;
                cur[k] = Math.min(Math.max(cur[k] + step, lo[k]), hi[k]);
            }
        }

        @Override
        void normalisedStep(double alpha) {
            for (int i = 0; i < n; i++) {
                double sq = 0;
                for (int k = i * f; k < (i + 1) * f; k++) {
                    sq += g[k] * g[k];
                }
                if (sq > 0) {
                    double s = alpha / Math.sqrt(sq);
                    for (int k = i * f; k < (i + 1) * f; k++) {
                        cur[k] += s * g[k];
                    }
                }
            }
        }

        @Override
        void project(Norm norm) {
            if (norm == Norm.LINF) {
                for (int k = 0; k < n * f; k++) {
                    cur[k] = Math.min(Math.max(cur[k], lo[k]), hi[k]);
                }
                return;
            }
            for (int i = 0; i < n; i++) {
                double sq = 0;
                for (int k = i * f; k < (i + 1) * f; k++) {
                    double e = cur[k] - clean[k];
                    sq += e * e;
                }
                double s = sq > delta * delta ? delta / Math.sqrt(sq) : 1.0;
                for (int k = i * f; k < (i + 1) * f; k++) {
                    double v = s == 1.0 ? cur[k] : clean[k] + s * (cur[k] - clean[k]);
                    cur[k] = Math.min(Math.max(v, 0.0), 1.0);
                }
            }
        }

        @Override
        void keepRow(int i) {
            System.arraycopy(cur, i * f, best, i * f, f);
        }

        @Override
        void writeBest(INDArray target) {
            io.write(best, target);
        }

        @Override
        double[] bestNorms(Norm norm) {
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                double acc = 0;
                for (int k = i * f; k < (i + 1) * f; k++) {
                    double e = Math.abs(best[k] - clean[k]);
                    acc = norm == Norm.LINF ? Math.max(acc, e) : acc + e * e;
                }
                out[i] = norm == Norm.LINF ? acc : Math.sqrt(acc);
            }
            return out;
        }

        double[] prev;
        double[] restartBest;
        double[] gBest;

        @Override
        void enableMomentum() {
            if (prev == null || prev.length != cur.length) {
                prev = new double[cur.length];
                restartBest = new double[cur.length];
                gBest = new double[cur.length];
            }
        }

        @Override
        void savePrevious() {
            System.arraycopy(cur, 0, prev, 0, n * f);
        }

        @Override
        void momentumStep(Norm norm, double[] eta, double a) {
            if (norm == Norm.LINF) {
                double b = 1 - a;
                for (int i = 0; i < n; i++) {
                    double e = eta[i];
                    for (int k = i * f, end = k + f; k < end; k++) {
                        double c = cur[k];
                        double step = g[k] != 0 ? Math.copySign(e, g[k]) : 0.0;
                        double z = Math.min(Math.max(c + step, lo[k]), hi[k]);
                        double v = c + a * (z - c) + b * (c - prev[k]);
                        prev[k] = c;
                        cur[k] = Math.min(Math.max(v, lo[k]), hi[k]);
                    }
                }
                return;
            }
            fitRows();
            for (int i = 0; i < n; i++) {
                int base = i * f;
                double sq = 0;
                for (int j = 0; j < f; j++) {
                    sq += g[base + j] * g[base + j];
                }
                double s = sq > 0 ? eta[i] / Math.sqrt(sq) : 0.0;
                for (int j = 0; j < f; j++) {
                    cleanRow[j] = clean[base + j];
                    zRow[j] = cur[base + j] + s * g[base + j];
                }
                projectRowL2(zRow, cleanRow);
                for (int j = 0; j < f; j++) {
                    double c = cur[base + j];
                    zRow[j] = c + a * (zRow[j] - c) + (1 - a) * (c - prev[base + j]);
                }
                projectRowL2(zRow, cleanRow);
                for (int j = 0; j < f; j++) {
                    prev[base + j] = cur[base + j];
                    cur[base + j] = zRow[j];
                }
            }
        }

        @Override
        void keepRestartBest(int i) {
            System.arraycopy(cur, i * f, restartBest, i * f, f);
            System.arraycopy(g, i * f, gBest, i * f, f);
        }

        @Override
        void returnToRestartBest(int i) {
            System.arraycopy(restartBest, i * f, cur, i * f, f);
            System.arraycopy(gBest, i * f, g, i * f, f);
        }

        @Override
        void commitRestartBest(int i) {
            System.arraycopy(restartBest, i * f, best, i * f, f);
        }
    }
}
