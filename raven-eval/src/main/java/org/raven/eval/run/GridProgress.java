package org.raven.eval.run;

import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of a whole grid: cells done of total, time elapsed and an estimate of the time left, one line per
 * finished cell. Thread-safe, since worker threads report cells as they finish, in any order.
 *
 * <p>The estimate is the mean wall time per cell finished in this run times the cells left. Wall time already
 * includes parallelism (two workers finish cells twice as often), and cells found finished when the run started
 * count as done but not in the rate. Until a cell finishes there is no estimate.
 */
public final class GridProgress {

    /** A state of the grid, as one log line shows it. */
    public record Snapshot(int done, int total, int doneThisRun, long elapsedNanos, long leftNanos) {

        /** Whether the time left can be estimated yet. */
        public boolean hasEstimate() {
            return leftNanos >= 0;
        }

        public int percent() {
            return total == 0 ? 100 : (int) Math.floor(100.0 * done / total);
        }

        /** {@code 4/9 cells (44%), 1:10 elapsed, about 1:30 left}; with {@code bar}, a bar of {@code width} in front. */
        public String describe(boolean bar, int width) {
            String text = done + "/" + total + " cells (" + percent() + "%), " + clock(elapsedNanos) + " elapsed, "
                    + (done == total ? "finished" : hasEstimate() ? "about " + clock(leftNanos) + " left" : "time left unknown yet");
            return bar ? bar(width) + " " + text : text;
        }

        /** {@code [#####-----]}, {@code width} characters between the brackets. */
        public String bar(int width) {
            int filled = total == 0 ? width : (int) Math.floor((double) width * done / total);
            return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "]";
        }
    }

    private final int total;
    private final int alreadyDone;
    private final LongSupplier nanoClock;
    private final long start;
    private int doneThisRun;

    /**
     * @param total       cells in the grid
     * @param alreadyDone cells found finished when the run started (resume)
     * @param nanoClock   a monotonic clock in nanoseconds, {@code System::nanoTime} outside tests
     */
    public GridProgress(int total, int alreadyDone, LongSupplier nanoClock) {
        if (total < 0 || alreadyDone < 0 || alreadyDone > total) {
            throw new IllegalArgumentException("need 0 <= alreadyDone <= total (were " + alreadyDone + ", " + total + ")");
        }
        this.total = total;
        this.alreadyDone = alreadyDone;
        this.nanoClock = nanoClock;
        this.start = nanoClock.getAsLong();
    }

    /** Progress over {@code total} cells, none done yet, on the system clock. */
    public static GridProgress of(int total) {
        return new GridProgress(total, 0, System::nanoTime);
    }

    /** Counts one more finished cell and returns the state after it. */
    public synchronized Snapshot cellFinished() {
        if (alreadyDone + doneThisRun >= total) {
            throw new IllegalStateException("more cells finished than the grid holds (" + total + ")");
        }
        doneThisRun++;
        return snapshot();
    }

    /** The state now. */
    public synchronized Snapshot snapshot() {
        long elapsed = nanoClock.getAsLong() - start;
        int done = alreadyDone + doneThisRun;
        long left = doneThisRun == 0 ? -1 : Math.round((double) elapsed / doneThisRun * (total - done));
        return new Snapshot(done, total, doneThisRun, elapsed, left);
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour on. */
    static String clock(long nanos) {
        long seconds = Math.round(nanos / 1e9);
        long h = seconds / 3600;
        long m = (seconds % 3600) / 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }
}
