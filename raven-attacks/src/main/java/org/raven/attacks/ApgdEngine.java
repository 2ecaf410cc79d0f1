package org.raven.attacks;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.RandomStreams;
import org.raven.api.attack.AttackResult;

/**
 * Auto-PGD (Croce and Hein 2020, "Reliable evaluation of adversarial robustness with an ensemble of diverse
 * parameter-free attacks", Algorithm 1) on a per-example objective: projected gradient ascent whose step size
 * needs no tuning. Per example and restart:
 * <ul>
 *   <li>start at a uniform random point of the budget ball (the stream {@code "start-<restart>"} of
 *       {@code new RandomStreams(seed)}, as {@link PgdEngine}), projected;</li>
 *   <li>step size {@code eta = 2 * delta} ({@link #INITIAL_STEP}), halved at checkpoints where the objective
 *       oscillates or stalls ({@link ApgdSchedule}), after which the example continues from its best point of
 *       this restart (with the gradient there);</li>
 *   <li>each step {@code z = P(x_k + eta * s(g))}, {@code x_{k+1} = P(x_k + a (z - x_k) + (1 - a)(x_k - x_{k-1}))}
 *       with momentum {@code a = 0.75} ({@link #MOMENTUM}; 1 on the first step), where s is the sign of the
 *       gradient (linf) or its direction (l2) and P the projection of {@link PgdEngine} (exact for linf; ball
 *       then box for l2);</li>
 *   <li>the best iterate per example over all steps and restarts is returned.</li>
 * </ul>
 * Nothing is tuned per model: the settings are the norm, the number of steps and of restarts. {@code steps}
 * steps cost {@code steps} encoder forward + VJP passes and one forward, as for {@link PgdEngine}. Budget 0
 * returns a copy of x with the objective at x, norm 0 and steps 0.
 *
 * <p>Every example keeps its own step size and checkpoint state; the iterates live in Java arrays of the
 * model's precision ({@link Iterates}), reused per thread, so a step allocates nothing of batch size. An
 * engine is thread-safe.
 */
public final class ApgdEngine {

    /** The initial step as a multiple of the budget: {@code eta_0 = 2 delta}, as in the paper. */
    public static final double INITIAL_STEP = 2.0;
    /** The weight of the new gradient step against the previous displacement: {@code alpha = 0.75}. */
    public static final double MOMENTUM = 0.75;
    /** The fraction of steps that must raise the objective between checkpoints, or the step is halved: {@code rho}. */
    public static final double RHO = 0.75;

    /**
     * The engine's settings; everything else is fixed.
     *
     * @param norm     the perturbation norm (and of the budget)
     * @param steps    iterations per restart, at least 1 (the paper uses 100)
     * @param restarts independent restarts from random starts, at least 1; the best iterate per example wins
     */
    public record Config(Norm norm, int steps, int restarts) {

        /** @throws IllegalArgumentException if steps or restarts is below 1 */
        public Config {
            java.util.Objects.requireNonNull(norm, "norm");
            if (steps < 1 || restarts < 1) {
                throw new IllegalArgumentException("steps and restarts must be >= 1 (were " + steps + ", " + restarts + ")");
            }
        }
    }

    private final String attackId;
    private final Config config;
    private final int[] checkpoints;
    private final ThreadLocal<Workspace> workspace = ThreadLocal.withInitial(Workspace::new);

    private static final class Workspace {
        Iterates iterates;
        INDArray xAdv;
    }

    /** {@code attackId} names the attack in error messages. */
    public ApgdEngine(String attackId, Config config) {
        this.attackId = attackId;
        this.config = config;
        this.checkpoints = ApgdSchedule.checkpoints(config.steps());
    }

    /**
     * Maximises {@code objective} over {@code ||e|| <= delta}, {@code 0 <= x + e <= 1}. The result is a
     * function of (objective, x, delta, seed) only. Check the inputs first ({@link AttackInputs#check}).
     */
    public AttackResult run(Objective objective, INDArray x, double delta, long seed) {
        int n = Math.toIntExact(x.size(0));
        if (delta == 0) {
            return PgdEngine.unmoved(objective, x);
        }
        int f = Math.toIntExact(x.size(1));
        DataType type = x.dataType();
        Norm norm = config.norm();
        int steps = config.steps();
        RandomStreams streams = new RandomStreams(seed);
        Workspace w = workspace.get();
        Iterates it = w.iterates = Iterates.fit(w.iterates, type, n, f);
        it.enableMomentum();
        if (w.xAdv == null || w.xAdv.dataType() != type || w.xAdv.size(0) != n || w.xAdv.size(1) != f) {
            w.xAdv = HostIo.plain(type, n, f);
        }
        INDArray xAdv = w.xAdv;

        it.start(x, delta);
        ApgdSchedule schedule = new ApgdSchedule(n);
        double[] bestValue = new double[n];
        Arrays.fill(bestValue, Double.NEGATIVE_INFINITY);
        double[] value = new double[n];
        for (int r = 0; r < config.restarts(); r++) {
            it.reset();
            it.addRandomStart(norm, streams.stream("start-" + r));
            it.project(norm);
            it.writeCurrent(xAdv);
            it.readGradient(objective.valueAndGradient(xAdv, value));
            checkNotNaN(value, 0);
            schedule.start(INITIAL_STEP * delta, value);
            for (int i = 0; i < n; i++) {
                it.keepRestartBest(i);
            }
            it.savePrevious();
            int next = 0;
            int lastCheckpoint = 0;
            for (int t = 1; t <= steps; t++) {
                it.momentumStep(norm, schedule.eta, t == 1 ? 1.0 : MOMENTUM);
                it.writeCurrent(xAdv);
                if (t < steps) {
                    it.readGradient(objective.valueAndGradient(xAdv, value));
                } else {
                    objective.value(xAdv, value); // no step follows: the gradient would be wasted
                }
                checkNotNaN(value, t);
                for (int i = 0; i < n; i++) {
                    if (schedule.observe(i, value[i])) {
                        it.keepRestartBest(i);
                    }
                }
                if (next < checkpoints.length && t == checkpoints[next]) {
                    for (int i = 0; i < n; i++) {
                        if (schedule.checkpoint(i, t - lastCheckpoint)) {
                            it.returnToRestartBest(i);
                        }
                    }
                    lastCheckpoint = t;
                    next++;
                }
            }
            for (int i = 0; i < n; i++) {
                if (schedule.best(i) > bestValue[i]) {
                    bestValue[i] = schedule.best(i);
                    it.commitRestartBest(i);
                }
            }
        }
        INDArray adversarial = HostIo.plain(type, n, f);
        it.writeBest(adversarial);
        int[] stepCounts = new int[n];
        Arrays.fill(stepCounts, steps * config.restarts());
        return new AttackResult(adversarial, bestValue, it.bestNorms(norm), stepCounts);
    }

    private void checkNotNaN(double[] value, int step) {
        for (int i = 0; i < value.length; i++) {
            if (Double.isNaN(value[i])) {
                throw new IllegalStateException(attackId + ": the objective is NaN for example " + i + " at step "
                        + step + "; the model produced non-finite outputs");
            }
        }
    }
}
