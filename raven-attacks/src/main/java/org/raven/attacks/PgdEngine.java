package org.raven.attacks;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.RandomStreams;
import org.raven.api.attack.AttackResult;

/**
 * Projected gradient ascent on a per-example objective, shared by the gradient attacks.
 *
 * <p>Each restart starts at x (or at a uniform random point of the budget ball, then projected) and
 * takes {@code steps} steps: linf, {@code x' += alpha * sign(g)}; l2, {@code x' += alpha * g / ||g||}
 * per row (rows with a zero gradient stay). After every step x' is projected:
 * <ul>
 *   <li>linf: clip to {@code [max(x - delta, 0), min(x + delta, 1)]}, which is the exact Euclidean
 *       projection onto the intersection of the ball and the box (both are boxes);</li>
 *   <li>l2: first onto the l2 ball (e scaled to radius delta if it is longer), then onto the box
 *       [0, 1]. Clipping x + e into [0, 1] with x in [0, 1] only moves each e_i towards 0, so the
 *       norm can only shrink and the result satisfies both constraints. It is feasible but not
 *       always the exact projection onto the intersection.</li>
 * </ul>
 * The objective is evaluated at every iterate (the start and after each step); each example keeps
 * its best iterate over all steps and restarts.
 *
 * <p>Iterates live in Java arrays, rounded to x's data type after every step so that they are exactly
 * what the model sees; the only per-step work outside the model is one fused loop (see {@link HostIo}).
 */
final class PgdEngine {

    /**
     * @param stepSize     absolute step size, or null for {@code relativeStep * delta}
     * @param relativeStep the step as a fraction of delta when {@code stepSize} is null
     */
    record Config(Norm norm, int steps, Double stepSize, double relativeStep, boolean randomStart, int restarts) {
        double alpha(double delta) {
            return stepSize != null ? stepSize : relativeStep * delta;
        }
    }

    /**
     * Arrays reused from run to run by the same thread: fresh memory is expensive on these machines
     * (STACK.md), and an attack is typically run on many batches of one size.
     */
    private static final class Workspace {
        final HostIo io = new HostIo();
        double[] clean = new double[0];
        double[] cur;
        double[] best;
        double[] g;
        double[] lo;
        double[] hi;
        INDArray xAdv;

        Workspace fit(DataType type, int n, int f) {
            if (clean.length != n * f) {
                clean = new double[n * f];
                cur = new double[n * f];
                best = new double[n * f];
                g = new double[n * f];
                lo = new double[n * f];
                hi = new double[n * f];
            }
            if (xAdv == null || xAdv.dataType() != type || xAdv.size(0) != n || xAdv.size(1) != f) {
                xAdv = HostIo.plain(type, n, f);
            }
            return this;
        }
    }

    private final String attackId;
    private final Config config;
    private final ThreadLocal<Workspace> workspace = ThreadLocal.withInitial(Workspace::new);

    PgdEngine(String attackId, Config config) {
        this.attackId = attackId;
        this.config = config;
    }

    AttackResult run(Objective objective, INDArray x, double delta, long seed) {
        int n = Math.toIntExact(x.size(0));
        int f = Math.toIntExact(x.size(1));
        DataType type = x.dataType();
        boolean toFloat = type == DataType.FLOAT;
        double alpha = config.alpha(delta);
        RandomStreams streams = new RandomStreams(seed);
        Workspace w = workspace.get().fit(type, n, f);
        HostIo io = w.io;
        double[] clean = w.clean;
        double[] cur = w.cur;
        double[] best = w.best;
        double[] g = w.g;
        double[] lo = w.lo;
        double[] hi = w.hi;
        INDArray xAdv = w.xAdv;

        io.read(x, clean);
        for (int k = 0; k < clean.length; k++) {
            // linf: the ball and the box are both boxes, so their intersection is one per pixel
            lo[k] = Math.max(clean[k] - delta, 0.0);
            hi[k] = Math.min(clean[k] + delta, 1.0);
        }
        System.arraycopy(clean, 0, best, 0, clean.length);
        double[] bestValue = new double[n];
        Arrays.fill(bestValue, Double.NEGATIVE_INFINITY);
        double[] value = new double[n];

        for (int r = 0; r < config.restarts(); r++) {
            System.arraycopy(clean, 0, cur, 0, cur.length);
            if (config.randomStart()) {
                Perturbations.addSample(cur, config.norm(), n, f, delta, false, streams.stream("start-" + r));
                project(cur, clean, lo, hi, delta, n, f, toFloat);
            }
            for (int t = 0; t < config.steps(); t++) {
                io.write(cur, xAdv);
                INDArray grad = objective.valueAndGradient(xAdv, value);
                keepBest(value, bestValue, cur, best, f, t);
                io.read(grad, g);
                if (config.norm() == Norm.LINF) {
                    signStepAndClip(cur, g, alpha, lo, hi, toFloat);
                } else {
                    ascendL2(cur, g, alpha, n, f);
                    project(cur, clean, lo, hi, delta, n, f, toFloat);
                }
            }
            io.write(cur, xAdv);
            objective.value(xAdv, value);
            keepBest(value, bestValue, cur, best, f, config.steps());
        }
        INDArray adversarial = HostIo.plain(type, n, f);
        io.write(best, adversarial);
        int[] steps = new int[n];
        Arrays.fill(steps, config.steps() * config.restarts());
        return new AttackResult(adversarial, bestValue, norms(config.norm(), best, clean, n, f), steps);
    }

    /**
     * The linf step and projection fused in one pass. {@code copySign} rather than {@code Math.signum}:
     * signum is not intrinsified and made this loop several times slower; a zero gradient still moves
     * nothing. Per-pixel bounds lo/hi (reused arrays) beat computing them inline: 167 vs 345 us per
     * 128 x 784 batch here.
     */
    private static void signStepAndClip(double[] cur, double[] g, double alpha, double[] lo, double[] hi,
                                        boolean toFloat) {
        for (int k = 0; k < cur.length; k++) {
            double step = g[k] != 0 ? Math.copySign(alpha, g[k]) : 0.0;
            double v = Math.min(Math.max(cur[k] + step, lo[k]), hi[k]);
            cur[k] = toFloat ? (float) v : v;
        }
    }

    private static void ascendL2(double[] cur, double[] g, double alpha, int n, int f) {
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

    private void project(double[] cur, double[] clean, double[] lo, double[] hi, double delta, int n, int f,
                         boolean toFloat) {
        if (config.norm() == Norm.LINF) {
            for (int k = 0; k < cur.length; k++) {
                double v = Math.min(Math.max(cur[k], lo[k]), hi[k]);
                cur[k] = toFloat ? (float) v : v;
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
                v = Math.min(Math.max(v, 0.0), 1.0);
                cur[k] = toFloat ? (float) v : v;
            }
        }
    }

    /** Copies the rows of {@code cur} that improved on their best into {@code best}. */
    private void keepBest(double[] value, double[] bestValue, double[] cur, double[] best, int f, int step) {
        for (int i = 0; i < value.length; i++) {
            if (Double.isNaN(value[i])) {
                throw new IllegalStateException(attackId + ": the objective is NaN for example " + i + " at step "
                        + step + "; the model produced non-finite outputs");
            }
            if (value[i] > bestValue[i]) {
                bestValue[i] = value[i];
                System.arraycopy(cur, i * f, best, i * f, f);
            }
        }
    }

    private static double[] norms(Norm norm, double[] adv, double[] clean, int n, int f) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double acc = 0;
            for (int k = i * f; k < (i + 1) * f; k++) {
                double e = Math.abs(adv[k] - clean[k]);
                acc = norm == Norm.LINF ? Math.max(acc, e) : acc + e * e;
            }
            out[i] = norm == Norm.LINF ? acc : Math.sqrt(acc);
        }
        return out;
    }
}
