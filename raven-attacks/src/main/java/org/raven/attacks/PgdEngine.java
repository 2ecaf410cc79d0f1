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
 * <p>Budget 0 returns a copy of x with the objective evaluated at x, norm 0 and steps 0.
 *
 * <p>Iterates live in Java arrays of the model's precision ({@link Iterates}), so they are exactly what
 * the model sees; the only per-step work outside the model is one fused loop and two copies
 * (see {@link HostIo}). This is the engine of every built-in gradient attack; a third-party attack
 * reuses it with its own {@link Objective}:
 *
 * <pre>{@code
 * PgdEngine engine = new PgdEngine("my-attack", new PgdEngine.Config(Norm.LINF, 20, null, 0.25, true, 1));
 * AttackInputs.check("my-attack", model, x, budget);
 * AttackResult result = engine.run(Objectives.latent(model, n, myLoss), x, budget, seed);
 * }</pre>
 *
 * <p>An engine is thread-safe: it reuses its arrays per thread, from run to run.
 */
public final class PgdEngine {

    /**
     * The engine's settings.
     *
     * @param norm         the perturbation norm (and of the budget)
     * @param steps        gradient steps per restart, at least 1
     * @param stepSize     absolute step size, or null for {@code relativeStep * delta}
     * @param relativeStep the step as a fraction of delta when {@code stepSize} is null, &gt; 0
     * @param randomStart  start each restart at a uniform random point of the budget ball
     * @param restarts     independent restarts, at least 1; the best iterate per example wins
     */
    public record Config(Norm norm, int steps, Double stepSize, double relativeStep, boolean randomStart,
                         int restarts) {

        /** @throws IllegalArgumentException naming the first setting out of range */
        public Config {
            java.util.Objects.requireNonNull(norm, "norm");
            if (steps < 1 || restarts < 1) {
                throw new IllegalArgumentException("steps and restarts must be >= 1 (were " + steps + ", " + restarts + ")");
            }
            if (stepSize != null ? !(stepSize > 0) || stepSize.isInfinite() : !(relativeStep > 0)) {
                throw new IllegalArgumentException("the step must be a finite number > 0 (stepSize " + stepSize
                        + ", relativeStep " + relativeStep + ")");
            }
        }

        double alpha(double delta) {
            return stepSize != null ? stepSize : relativeStep * delta;
        }
    }

    private final String attackId;
    private final Config config;
    /**
     * Arrays reused from run to run by the same thread: fresh memory is expensive on these machines
     * (docs/performance.md), and an attack is typically run on many batches of one size.
     */
    private final ThreadLocal<Workspace> workspace = ThreadLocal.withInitial(Workspace::new);

    private static final class Workspace {
        Iterates iterates;
        INDArray xAdv;
    }

    /** {@code attackId} names the attack in error messages. */
    public PgdEngine(String attackId, Config config) {
        this.attackId = attackId;
        this.config = config;
    }

    /**
     * Maximises {@code objective} over {@code ||e|| <= delta}, {@code 0 <= x + e <= 1}. The result is a
     * function of (objective, x, delta, seed) only: restart r starts from the stream {@code "start-<r>"} of
     * {@code new RandomStreams(seed)}. Check the inputs first ({@link AttackInputs#check}).
     */
    public AttackResult run(Objective objective, INDArray x, double delta, long seed) {
        int n = Math.toIntExact(x.size(0));
        if (delta == 0) {
            return unmoved(objective, x);
        }
        int f = Math.toIntExact(x.size(1));
        DataType type = x.dataType();
        Norm norm = config.norm();
        double alpha = config.alpha(delta);
        RandomStreams streams = new RandomStreams(seed);
        Workspace w = workspace.get();
        Iterates it = w.iterates = Iterates.fit(w.iterates, type, n, f);
        if (w.xAdv == null || w.xAdv.dataType() != type || w.xAdv.size(0) != n || w.xAdv.size(1) != f) {
            w.xAdv = HostIo.plain(type, n, f);
        }
        INDArray xAdv = w.xAdv;

        it.start(x, delta);
        double[] bestValue = new double[n];
        Arrays.fill(bestValue, Double.NEGATIVE_INFINITY);
        double[] value = new double[n];
        for (int r = 0; r < config.restarts(); r++) {
            it.reset();
            if (config.randomStart()) {
                it.addRandomStart(norm, streams.stream("start-" + r));
                it.project(norm);
            }
            for (int t = 0; t < config.steps(); t++) {
                it.writeCurrent(xAdv);
                INDArray grad = objective.valueAndGradient(xAdv, value);
                keepBest(it, value, bestValue, t);
                it.readGradient(grad);
                if (norm == Norm.LINF) {
                    it.signStepAndClip(alpha);
                } else {
                    it.normalisedStep(alpha);
                    it.project(norm);
                }
            }
            it.writeCurrent(xAdv);
            objective.value(xAdv, value);
            keepBest(it, value, bestValue, config.steps());
        }
        INDArray adversarial = HostIo.plain(type, n, f);
        it.writeBest(adversarial);
        int[] steps = new int[n];
        Arrays.fill(steps, config.steps() * config.restarts());
        return new AttackResult(adversarial, bestValue, it.bestNorms(norm), steps);
    }

    /** Keeps, per example, the iterate with the highest objective so far. */
    private void keepBest(Iterates it, double[] value, double[] bestValue, int step) {
        for (int i = 0; i < value.length; i++) {
            if (Double.isNaN(value[i])) {
                throw new IllegalStateException(attackId + ": the objective is NaN for example " + i + " at step "
                        + step + "; the model produced non-finite outputs");
            }
            if (value[i] > bestValue[i]) {
                bestValue[i] = value[i];
                it.keepRow(i);
            }
        }
    }

    /** Budget 0: the input itself (a copy), with the objective there and no perturbation. Shared with {@link ApgdEngine}. */
    static AttackResult unmoved(Objective objective, INDArray x) {
        int n = Math.toIntExact(x.size(0));
        double[] value = new double[n];
        objective.value(x, value);
        return new AttackResult(x.dup('c'), value, new double[n], new int[n]);
    }
}
