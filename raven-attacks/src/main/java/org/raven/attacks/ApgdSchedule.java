package org.raven.attacks;

import java.util.Arrays;

/**
 * APGD's step-size control (Croce and Hein 2020, Sec. 3.2), per example: the checkpoints and, at each,
 * whether the step is halved.
 *
 * <p>Checkpoints {@code w_j = ceil(p_j * N)} with {@code p_0 = 0}, {@code p_1 = 0.22},
 * {@code p_{j+1} = p_j + max(p_j - p_{j-1} - 0.03, 0.06)}; those at or past the last iteration N are dropped
 * (no step follows them) and repeats (small N) are merged. At checkpoint w_j the step of an example is halved
 * if either
 * <ol>
 *   <li>its objective rose in fewer than {@code rho = 0.75} of the steps since w_{j-1}:
 *       {@code #{i in [w_{j-1}, w_j): f(x_{i+1}) > f(x_i)} < rho (w_j - w_{j-1})} (the iterates oscillate), or</li>
 *   <li>its step was not halved at w_{j-1} and its best objective has not risen since then (it stalls).</li>
 * </ol>
 * The paper's conditions are used as written: condition 1 is a strict {@code <} (the reference code uses
 * {@code <=}) and condition 2 applies from the first checkpoint on (the reference code skips it there).
 * State lives in arrays of the batch size, allocated once per run.
 */
final class ApgdSchedule {

    final double[] eta;
    private final int[] increases;
    private final double[] last;
    private final double[] best;
    private final double[] bestAtCheck;
    private final boolean[] halvedAtCheck;

    ApgdSchedule(int n) {
        eta = new double[n];
        increases = new int[n];
        last = new double[n];
        best = new double[n];
        bestAtCheck = new double[n];
        halvedAtCheck = new boolean[n];
    }

    /**
     * The checkpoints for {@code steps} iterations, increasing, each in [1, steps). For 100 steps:
     * 22, 41, 57, 70, 80, 87, 93, 99.
     */
    static int[] checkpoints(int steps) {
        // p in hundredths, so that w = ceil(p N / 100) is exact (0.22 * 100 is 22.000000000000004 in doubles)
        int[] out = new int[16];
        int count = 0;
        int previousP = 0;
        int p = 22;
        while (true) {
            int w = (int) ((p * (long) steps + 99) / 100);
            if (w >= steps) {
                return Arrays.copyOf(out, count);
            }
            if (count == 0 || w > out[count - 1]) {
                if (count == out.length) {
                    out = Arrays.copyOf(out, 2 * count);
                }
                out[count++] = w;
            }
            int next = p + Math.max(p - previousP - 3, 6);
            previousP = p;
            p = next;
        }
    }

    /** A restart begins: every step is {@code eta0}, and {@code values} (at the start point) the best so far. */
    void start(double eta0, double[] values) {
        Arrays.fill(eta, eta0);
        Arrays.fill(increases, 0);
        Arrays.fill(halvedAtCheck, false);
        System.arraycopy(values, 0, last, 0, values.length);
        System.arraycopy(values, 0, best, 0, values.length);
        System.arraycopy(values, 0, bestAtCheck, 0, values.length);
    }

    /** Records example i's objective after a step; true if it is its best in this restart. */
    boolean observe(int i, double value) {
        if (value > last[i]) {
            increases[i]++;
        }
        last[i] = value;
        if (value > best[i]) {
            best[i] = value;
            return true;
        }
        return false;
    }

    /**
     * Example i reaches a checkpoint {@code interval} steps after the previous one (or the start): halves its
     * step if it oscillates or stalls (see the class comment) and returns whether it did; the caller then moves
     * it back to its best point.
     */
    boolean checkpoint(int i, int interval) {
        boolean oscillates = increases[i] < ApgdEngine.RHO * interval;
        boolean stalls = !halvedAtCheck[i] && best[i] <= bestAtCheck[i];
        boolean halve = oscillates || stalls;
        if (halve) {
            eta[i] *= 0.5;
        }
        halvedAtCheck[i] = halve;
        bestAtCheck[i] = best[i];
        increases[i] = 0;
        return halve;
    }

    /** Example i's best objective in this restart. */
    double best(int i) {
        return best[i];
    }
}
