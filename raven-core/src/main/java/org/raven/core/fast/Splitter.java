package org.raven.core.fast;

import java.util.concurrent.Semaphore;

/**
 * Runs a range task on the calling thread and, when asked for two threads, one daemon helper
 * thread: the Java parts of a step (Adam, the likelihood pass) are memory- or latency-bound loops
 * that the second core shortens while OpenMP's threads sleep (OMP_WAIT_POLICY=PASSIVE). One
 * helper, two semaphores, nothing allocated per call.
 */
final class Splitter {

    /** Work over {@code [from, to)}, done by {@code part} (0 = caller, 1 = helper). */
    interface RangeTask {
        void run(int part, int from, int to);
    }

    private final int threads;
    private final Semaphore start = new Semaphore(0);
    private final Semaphore done = new Semaphore(0);
    private volatile RangeTask task;
    private volatile int from;
    private volatile int to;
    private volatile RuntimeException failure;
    private volatile boolean closed;

    /** {@code threads} is 1 (everything on the caller) or 2. */
    Splitter(int threads) {
        if (threads != 1 && threads != 2) {
            throw new IllegalArgumentException("threads must be 1 or 2 (was " + threads + ")");
        }
        this.threads = threads;
        if (threads == 2) {
            Thread helper = new Thread(this::loop, "raven-fast-helper");
            helper.setDaemon(true);
            helper.start();
        }
    }

    int threads() {
        return threads;
    }

    /**
     * Splits {@code [0, n)} at {@code split} (0 < split < n) when two threads are on, else runs it all
     * here; returns the number of parts that ran (1 or 2).
     */
    int run(RangeTask t, int n, int split) {
        if (closed) {
            throw new IllegalStateException("splitter is closed");
        }
        if (threads == 1 || split <= 0 || split >= n) {
            t.run(0, 0, n);
            return 1;
        }
        task = t;
        from = split;
        to = n;
        start.release();
        RuntimeException mine = null;
        try {
            t.run(0, 0, split);
        } catch (RuntimeException e) {
            mine = e;
        }
        done.acquireUninterruptibly();
        RuntimeException theirs = failure;
        failure = null;
        if (mine != null) {
            throw mine;
        }
        if (theirs != null) {
            throw theirs;
        }
        return 2;
    }

    /** Stops the helper thread; later calls are errors. */
    void close() {
        if (threads == 2 && !closed) {
            closed = true;
            task = null;
            start.release();
        }
    }

    private void loop() {
        while (true) {
            start.acquireUninterruptibly();
            if (closed) {
                return;
            }
            try {
                task.run(1, from, to);
            } catch (RuntimeException e) {
                failure = e;
            }
            done.release();
        }
    }
}
