package org.raven.core.fast;

import java.util.Locale;

/**
 * Where a step's time goes: this thread's CPU time between consecutive {@link #lap} calls, summed
 * per phase (CPU time, not wall time, so other tenants of a shared machine do not inflate it; with
 * OMP_NUM_THREADS=1 the gemms run on this thread). Off unless a benchmark switches it on (one null
 * check per phase otherwise). Public for the benchmarks: get one from {@link FusedMlpVae#profile()}.
 */
public final class StepProfile {

    enum Phase { COPY_IN, GEMM, BIAS_RELU, RELU_BACKWARD, LIKELIHOOD, LATENT_KL, ADAM }

    private final long[] nanos = new long[Phase.values().length];
    private static final java.lang.management.ThreadMXBean MX = java.lang.management.ManagementFactory.getThreadMXBean();
    private long last = MX.getCurrentThreadCpuTime();
    private long steps;

    void start() {
        last = MX.getCurrentThreadCpuTime();
    }

    void lap(Phase phase) {
        long now = MX.getCurrentThreadCpuTime();
        nanos[phase.ordinal()] += now - last;
        last = now;
    }

    void endStep() {
        steps++;
    }

    /** Forgets the time and steps summed so far. */
    public void reset() {
        java.util.Arrays.fill(nanos, 0);
        steps = 0;
    }

    /** "gemm 12.1 ms (55%), ..." per step. */
    public String summary() {
        long total = 0;
        for (long n : nanos) {
            total += n;
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%.2f ms/step =", total / 1e6 / Math.max(1, steps)));
        for (Phase p : Phase.values()) {
            double ms = nanos[p.ordinal()] / 1e6 / Math.max(1, steps);
            sb.append(String.format(Locale.ROOT, " %s %.2f (%.0f%%)", p.name().toLowerCase(Locale.ROOT), ms,
                    100.0 * nanos[p.ordinal()] / Math.max(1, total)));
        }
        return sb.toString();
    }
}
