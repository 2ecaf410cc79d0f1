package org.raven.eval.run;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.raven.core.train.EpochMetrics;
import org.raven.core.train.TrainingListener;

/**
 * The time of each phase of one cell (wall clock, the process's CPU time and the cell thread's CPU time), from the
 * {@link CellListener} and {@link TrainingListener} seams: what {@code raven bench --cell} prints. Each phase runs from
 * the end of the previous one; the cell thread is the one that calls the listeners. With {@code OMP_NUM_THREADS=1} the
 * BLAS calls run on that thread, so its CPU time is what an idle core would take; the process's also holds the JIT
 * compiler and the garbage collector.
 */
public final class CellProfile implements CellListener {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** One phase: its name and seconds of wall clock, process CPU and cell-thread CPU. */
    public record Phase(String name, double wall, double processCpu, double threadCpu) {
    }

    private final List<Phase> phases = new ArrayList<>();
    private long wall;
    private long processCpu;
    private long threadCpu;
    private int batches;
    private int stepsTimed;

    /** Starts timing now: the first phase ends at the first {@link #phaseEnded}. */
    public CellProfile() {
        restart();
    }

    /** The next phase begins now (time since the last mark belongs to no phase). */
    public void restart() {
        wall = System.nanoTime();
        processCpu = OS.getProcessCpuTime();
        threadCpu = THREADS.getCurrentThreadCpuTime();
    }

    /** Adds a phase measured elsewhere (the JVM's start-up, which began before this object). */
    public void add(String name, double wallSeconds, double processCpuSeconds, double threadCpuSeconds) {
        phases.add(new Phase(name, wallSeconds, processCpuSeconds, threadCpuSeconds));
    }

    @Override
    public void phaseEnded(String name) {
        long w = System.nanoTime();
        long p = OS.getProcessCpuTime();
        long t = THREADS.getCurrentThreadCpuTime();
        phases.add(new Phase(name, (w - wall) / 1e9, (p - processCpu) / 1e9, (t - threadCpu) / 1e9));
        wall = w;
        processCpu = p;
        threadCpu = t;
    }

    @Override
    public TrainingListener training() {
        return new TrainingListener() {
            @Override
            public void onStart(int firstEpoch, int epochs, int batchesPerEpoch) {
                batches = batchesPerEpoch;
                phaseEnded("training setup (split, engine, checkpoint folder)");
            }

            @Override
            public void onEpochStepsDone(int epoch) {
                stepsTimed += batches;
                phaseEnded("epoch " + epoch + ": " + batches + " steps");
            }

            @Override
            public void onHeldOutMse(int epoch, double mse) {
                phaseEnded("epoch " + epoch + ": held-out MSE");
            }

            @Override
            public void onEpoch(EpochMetrics metrics) {
                phaseEnded("epoch " + metrics.epoch() + ": checkpoint");
            }
        };
    }

    public List<Phase> phases() {
        return List.copyOf(phases);
    }

    /**
     * The table: one line per phase, then the sums over epochs of steps, held-out MSE and checkpoints, the mean cell-thread
     * CPU time per step (comparable with the benchmark's per-step CPU time) and the total.
     */
    public void print(PrintStream out) {
        String format = "%-52s %9s %9s %9s%n";
        out.printf(Locale.ROOT, format, "phase", "wall s", "CPU s", "thread s");
        phases.forEach(p -> row(out, p));
        row(out, sum("all epochs: steps", ": " + batches + " steps"));
        row(out, sum("all epochs: held-out MSE", ": held-out MSE"));
        row(out, sum("all epochs: checkpoints", ": checkpoint"));
        Phase total = sum("total", null);
        row(out, total);
        Phase steps = sum("steps", ": " + batches + " steps");
        if (stepsTimed > 0) {
            out.printf(Locale.ROOT, "training steps: %d, %.2f ms of cell-thread CPU each (%.2f ms wall)%n", stepsTimed,
                    1e3 * steps.threadCpu() / stepsTimed, 1e3 * steps.wall() / stepsTimed);
        }
    }

    /** The phases whose names end with {@code suffix} (all when null), summed. */
    private Phase sum(String name, String suffix) {
        double w = 0;
        double p = 0;
        double t = 0;
        for (Phase phase : phases) {
            if (suffix == null || phase.name().endsWith(suffix)) {
                w += phase.wall();
                p += phase.processCpu();
                t += phase.threadCpu();
            }
        }
        return new Phase(name, w, p, t);
    }

    private static void row(PrintStream out, Phase p) {
        out.printf(Locale.ROOT, "%-52s %9.3f %9.3f %9.3f%n", p.name(), p.wall(), p.processCpu(), p.threadCpu());
    }
}
