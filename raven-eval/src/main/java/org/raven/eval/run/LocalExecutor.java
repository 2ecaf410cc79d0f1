package org.raven.eval.run;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs cells on this machine. With one worker, in this process one after another (the dataset is
 * loaded once and shared). With more, each cell runs in its own worker JVM ({@link CellWorker}) on
 * the same class path with {@code OMP_NUM_THREADS=1}, at most {@code workers} at a time; a worker
 * writes the cell's {@code result.json}, which this process then reads. Worker output goes to the
 * cell's {@code worker.log} (appended, one separator line per attempt) and, line by line, to this log. Workers
 * die with this process ({@link CellWorker}); whoever computes a cell holds its {@link CellLock}. A cell that another
 * live process holds is not a failure of the cell: the other cells are computed, then the lock's
 * {@link CellLock.CellLockedException} ends the run (a user error, one line).
 */
public final class LocalExecutor implements CellExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(LocalExecutor.class);
    public static final String WORKER_LOG = "worker.log";

    private final int workers;
    private final CellRunner runner;
    private final CellStore store;

    public LocalExecutor(int workers, CellRunner runner, CellStore store) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1 (was " + workers + ")");
        }
        this.workers = workers;
        this.runner = runner;
        this.store = store;
    }

    @Override
    public List<CellResult> execute(List<CellTask> cells) {
        return execute(cells, GridProgress.of(cells.size()));
    }

    @Override
    public List<CellResult> execute(List<CellTask> cells, GridProgress progress) {
        return workers == 1 || cells.size() <= 1 ? inProcess(cells, progress) : inWorkers(cells, progress);
    }

    private List<CellResult> inProcess(List<CellTask> cells, GridProgress progress) {
        List<CellResult> results = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Throwable first = null;
        CellLock.CellLockedException locked = null;
        for (int i = 0; i < cells.size(); i++) {
            CellTask cell = cells.get(i);
            LOG.info("cell {}/{} {}: start", i + 1, cells.size(), cell.key());
            long t0 = System.nanoTime();
            try (CellLock lock = CellLock.acquire(cell.dir())) {
                CellResult result = runner.run(cell.dir());
                store.writeResult(cell.dir(), result);
                results.add(result);
                finished(progress, cell, "done in " + seconds(t0));
            } catch (CellLock.CellLockedException e) {
                finished(progress, cell, "skipped (locked by another process)");
                locked = locked == null ? e : locked;
            } catch (RuntimeException e) {
                finished(progress, cell, "FAILED after " + seconds(t0));
                LOG.error("cell {} failed: {}", cell.key(), e.toString());
                LOG.debug("cell {} stack trace", cell.key(), e);
                failures.add(cell.key() + ": " + e.getMessage());
                first = first == null ? e : first;
            }
        }
        return collected(results, failures, first, locked);
    }

    /** {@code results}, unless a cell was locked elsewhere (that ends the run) or cells failed. */
    private static List<CellResult> collected(List<CellResult> results, List<String> failures, Throwable first,
                                              CellLock.CellLockedException locked) {
        if (locked != null) {
            throw locked;
        }
        if (!failures.isEmpty()) {
            throw new CellFailedException(failures, first);
        }
        return results;
    }

    /** One line per finished cell with the grid's state; on a terminal it carries a bar. */
    private static void finished(GridProgress progress, CellTask cell, String outcome) {
        GridProgress.Snapshot now = progress.cellFinished();
        LOG.info("cell {} {}; grid {}", cell.key(), outcome, now.describe(System.console() != null, 30));
    }

    private List<CellResult> inWorkers(List<CellTask> cells, GridProgress progress) {
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "cell-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<CellResult>> futures = new ArrayList<>();
            for (int i = 0; i < cells.size(); i++) {
                CellTask cell = cells.get(i);
                int index = i;
                futures.add(pool.submit(() -> runWorker(cell, index, cells.size(), progress)));
            }
            List<CellResult> results = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            Throwable first = null;
            CellLock.CellLockedException locked = null;
            for (int i = 0; i < futures.size(); i++) {
                try {
                    results.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof CellLock.CellLockedException l) {
                        locked = locked == null ? l : locked;
                        continue;
                    }
                    failures.add(cells.get(i).key() + ": " + e.getCause().getMessage());
                    first = first == null ? e.getCause() : first;
                }
            }
            return collected(results, failures, first, locked);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for cells", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private CellResult runWorker(CellTask cell, int index, int total, GridProgress progress)
            throws IOException, InterruptedException {
        List<String> command = workerCommand(cell.dir());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "1");
        LOG.info("cell {}/{} {}: start in a worker process", index + 1, total, cell.key());
        long t0 = System.nanoTime();
        Process process = pb.start();
        // If this JVM is stopped, stop the worker too rather than leave it running unattended.
        Thread reaper = new Thread(process::destroy, "stop-" + cell.key());
        Runtime.getRuntime().addShutdownHook(reaper);
        boolean ok = false;
        try {
            CellResult result = awaitWorker(cell, process);
            ok = true;
            finished(progress, cell, "done in " + seconds(t0) + " (worker)");
            return result;
        } catch (CellLock.CellLockedException e) {
            ok = true;
            finished(progress, cell, "skipped (locked by another process)");
            throw e;
        } finally {
            if (!ok) {
                finished(progress, cell, "FAILED after " + seconds(t0) + " (worker)");
            }
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException shuttingDown) {
                // The hook runs anyway.
            }
        }
    }

    private CellResult awaitWorker(CellTask cell, Process process) throws IOException, InterruptedException {
        Path log = cell.dir().resolve(WORKER_LOG);
        String last = "";
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                     StandardOpenOption.APPEND)) {
            // Appended: the log of an earlier, killed attempt is what explains a resume.
            out.write(runSeparator(process.pid()));
            out.newLine();
            out.flush();
            for (String line; (line = in.readLine()) != null; ) {
                last = line;
                out.write(line);
                out.newLine();
                out.flush();
                if (shownFromWorker(line)) {
                    LOG.info("[{}] {}", cell.key(), line);
                } else {
                    LOG.debug("[{}] {}", cell.key(), line);
                }
            }
        } catch (IOException e) {
            process.destroy();
            throw e;
        }
        int status = process.waitFor();
        if (status == CellWorker.LOCKED) {
            throw new CellLock.CellLockedException(last);
        }
        if (status != 0) {
            throw new IllegalStateException("worker exited with status " + status + "; see " + log);
        }
        return store.readResult(cell.dir());
    }

    /**
     * Whether a worker's output line is worth this log at INFO: its cell's milestones (the cell runner's lines:
     * clean accuracy, each budget), warnings, errors and anything that is not a log line (a stack trace). Epoch
     * lines and start-up chatter of parallel workers would bury the grid's progress; they stay in worker.log
     * (and at DEBUG here).
     */
    static boolean shownFromWorker(String line) {
        java.util.regex.Matcher m = WORKER_LOG_LINE.matcher(line);
        if (!m.lookingAt()) {
            return !ChildJvm.isIncubatorNotice(line);
        }
        return !m.group(1).equals("INFO") && !m.group(1).equals("DEBUG") && !m.group(1).equals("TRACE")
                || m.group(2).endsWith("CellRunner");
    }

    /** The worker's logback pattern: {@code HH:mm:ss LEVEL logger - message}. */
    private static final java.util.regex.Pattern WORKER_LOG_LINE =
            java.util.regex.Pattern.compile("\\d\\d:\\d\\d:\\d\\d (\\w+)\\s+(\\S+) - ");

    /** The line that starts each attempt's part of {@code worker.log}. */
    static String runSeparator(long pid) {
        return "==== worker " + pid + " started " + java.time.Instant.now() + " ====";
    }

    /** {@code java [this JVM's flags, see ChildJvm] -cp <this class path> CellWorker <dir> --parent <this pid>}. */
    static List<String> workerCommand(Path dir) {
        List<String> command = ChildJvm.command(CellWorker.class.getName());
        command.add(dir.toAbsolutePath().toString());
        command.add("--parent");
        command.add(Long.toString(ProcessHandle.current().pid()));
        return command;
    }

    private static String seconds(long t0) {
        return String.format(java.util.Locale.ROOT, "%.1f s", (System.nanoTime() - t0) / 1e9);
    }
}
