package org.raven.core.fast;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * A {@link StepTimer} that sums this thread's CPU time per phase (CPU time, not wall time, so other
 * tenants of a shared machine do not inflate it; with OMP_NUM_THREADS=1 the gemms run on this thread).
 * Install it with {@link FusedMlpVae#setTimer}, run steps, read {@link #summary()}.
 */
public final class StepProfile implements StepTimer {

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private final long[] nanos = new long[Phase.values().length];
    private long last = MX.getCurrentThreadCpuTime();
    private long steps;

    @Override
    public void start() {
        last = MX.getCurrentThreadCpuTime();
    }

    @Override
    public void lap(Phase phase) {
        long now = MX.getCurrentThreadCpuTime();
        nanos[phase.ordinal()] += now - last;
        last = now;
    }

    @Override
    public void endStep() {
        steps++;
    }

    public void reset() {
        Arrays.fill(nanos, 0);
        steps = 0;
    }

    /** "12.10 ms/step = copy_in 0.10 (1%) gemm 8.20 (68%) ..." per step. */
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
