package org.raven.attacks;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.same.Sign;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
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
 * its best iterate over all steps and restarts. The loop allocates no {@code [batch, features]}
 * arrays per step beyond what the model returns.
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

    private final String attackId;
    private final Config config;

    PgdEngine(String attackId, Config config) {
        this.attackId = attackId;
        this.config = config;
    }

    AttackResult run(Objective objective, INDArray x, double delta, long seed) {
        int n = Math.toIntExact(x.size(0));
        long features = x.size(1);
        DataType type = x.dataType();
        Norm norm = config.norm();
        double alpha = config.alpha(delta);
        RandomStreams streams = new RandomStreams(seed);

        INDArray clean = x.dup('c');
        INDArray lo = null;
        INDArray hi = null;
        if (norm == Norm.LINF) {
            lo = Transforms.max(clean.sub(delta), 0.0, false);
            hi = Transforms.min(clean.add(delta), 1.0, false);
        }
        INDArray xAdv = clean.dup('c');
        INDArray best = clean.dup('c');
        INDArray buffer = Nd4j.createUninitialized(type, n, features);
        double[] bestValue = new double[n];
        Arrays.fill(bestValue, Double.NEGATIVE_INFINITY);
        double[] value = new double[n];

        for (int r = 0; r < config.restarts(); r++) {
            xAdv.assign(clean);
            if (config.randomStart()) {
                xAdv.addi(Perturbations.sample(norm, n, features, delta, false, streams.stream("start-" + r), type));
                project(xAdv, clean, lo, hi, delta, buffer);
            }
            for (int t = 0; t < config.steps(); t++) {
                INDArray g = objective.valueAndGradient(xAdv, value);
                keepBest(value, bestValue, xAdv, best, buffer, t);
                ascend(xAdv, g.dataType() == type ? g : g.castTo(type), alpha, buffer);
                project(xAdv, clean, lo, hi, delta, buffer);
            }
            objective.value(xAdv, value);
            keepBest(value, bestValue, xAdv, best, buffer, config.steps());
        }
        int[] steps = new int[n];
        Arrays.fill(steps, config.steps() * config.restarts());
        return new AttackResult(best, bestValue, norm.rowNorms(best.sub(clean)), steps);
    }

    private void ascend(INDArray xAdv, INDArray g, double alpha, INDArray buffer) {
        if (config.norm() == Norm.LINF) {
            Nd4j.getExecutioner().exec(new Sign(g, buffer));
            xAdv.addi(buffer.muli(alpha));
            return;
        }
        double[] gn = g.norm2(1).toDoubleVector();
        double[] scale = new double[gn.length];
        for (int i = 0; i < gn.length; i++) {
            scale[i] = gn[i] > 0 ? alpha / gn[i] : 0;
        }
        buffer.assign(g).muliColumnVector(Nd.column(scale, buffer.dataType()));
        xAdv.addi(buffer);
    }

    private void project(INDArray xAdv, INDArray clean, INDArray lo, INDArray hi, double delta, INDArray buffer) {
        if (config.norm() == Norm.LINF) {
            Transforms.max(xAdv, lo, false);
            Transforms.min(xAdv, hi, false);
            return;
        }
        INDArray e = buffer.assign(xAdv).subi(clean);
        double[] en = e.norm2(1).toDoubleVector();
        double[] scale = new double[en.length];
        boolean any = false;
        for (int i = 0; i < en.length; i++) {
            scale[i] = en[i] > delta ? delta / en[i] : 1.0;
            any |= en[i] > delta;
        }
        if (any) {
            e.muliColumnVector(Nd.column(scale, e.dataType()));
            xAdv.assign(clean).addi(e);
        }
        Transforms.max(xAdv, 0.0, false);
        Transforms.min(xAdv, 1.0, false);
    }

    /** Copies the rows of {@code xAdv} that improved on their best into {@code best}, exactly. */
    private void keepBest(double[] value, double[] bestValue, INDArray xAdv, INDArray best, INDArray buffer, int step) {
        int n = value.length;
        double[] mask = new double[n];
        int improved = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(value[i])) {
                throw new IllegalStateException(attackId + ": the objective is NaN for example " + i + " at step "
                        + step + "; the model produced non-finite outputs");
            }
            if (value[i] > bestValue[i]) {
                bestValue[i] = value[i];
                mask[i] = 1;
                improved++;
            }
        }
        if (improved == n) {
            best.assign(xAdv);
        } else if (improved > 0) {
            // best = best * (1 - m) + xAdv * m: multiplying by 0 or 1 and adding 0 are exact.
            INDArray m = Nd.column(mask, best.dataType());
            buffer.assign(xAdv).muliColumnVector(m);
            best.muliColumnVector(m.rsubi(1.0)).addi(buffer);
        }
    }
}
