package org.raven.spark;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.eval.RavenModule;
import org.raven.eval.run.CellResult;
import org.raven.eval.run.CellRunner;
import org.raven.eval.run.CellStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of one Spark task: computes one cell from its folder on the shared path and writes its
 * {@code result.json} there (atomically), so the cell is kept even if the job is later aborted.
 *
 * <p>The cell runner is not serialisable, so each task composes its own with Guice from the plugins
 * on the executor's class path (as a worker process does), overridden by the same
 * {@code -Draven.modules} extensions the driver had. A new injector per task means separate
 * graphs, data and caches per cell: two tasks running as threads of one JVM share no state of ours.
 *
 * <p>Failures: before the last allowed attempt the exception propagates so that Spark retries the
 * task; on the last attempt it becomes a failure record, so the job (and the other cells) go on.
 */
final class RunCell implements Function<CellRef, CellOutcome> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RunCell.class);

    private final String extensions;
    private final int maxAttempts;
    private final int blasThreads;

    /**
     * @param extensions  the driver's {@code raven.modules} value (comma-separated Guice module classes), or null
     * @param maxAttempts Spark's attempts per task (task.maxFailures as it applies to the master)
     * @param blasThreads BLAS/OpenMP threads per task (spark.task.cpus by default)
     */
    RunCell(String extensions, int maxAttempts, int blasThreads) {
        this.extensions = extensions;
        this.maxAttempts = maxAttempts;
        this.blasThreads = blasThreads;
    }

    @Override
    public CellOutcome call(CellRef cell) {
        long t0 = System.nanoTime();
        String start = java.time.Instant.now().toString();
        TaskContext task = TaskContext.get();
        int attempt = task == null ? 0 : task.attemptNumber();
        String executor = SparkEnv.get() == null ? "unknown" : SparkEnv.get().executorId();
        String host = host();
        Path dir = Path.of(cell.dir());
        CellStore store = new CellStore();
        try {
            // The same rule as the driver's resume check: a result.json whose hash matches cell.json.
            // Here it catches a retried or speculative attempt whose earlier attempt already finished.
            Optional<CellResult> done = store.finished(dir, store.cellHash(dir));
            if (done.isPresent()) {
                return new CellOutcome(cell.key(), store.mapper().writeValueAsString(done.get()), null, attempt, true,
                        executor, host, start, java.time.Instant.now().toString());
            }
            limitBlasThreads();
            LOG.info("cell {}: start (attempt {} of {}, executor {} on {})", cell.key(), attempt + 1, maxAttempts,
                    executor, host);
            Injector injector = Guice.createInjector(modules());
            CellResult result = injector.getInstance(CellRunner.class).run(dir);
            store.writeResult(dir, result);
            LOG.info("cell {}: done in {} s", cell.key(), String.format(java.util.Locale.ROOT, "%.1f", seconds(t0)));
            return new CellOutcome(cell.key(), store.mapper().writeValueAsString(result), null, attempt, false,
                    executor, host, start, java.time.Instant.now().toString());
        } catch (VirtualMachineError e) {
            throw e; // out of memory and the like: Spark treats these as fatal for the executor
        } catch (Throwable e) {
            if (attempt + 1 < maxAttempts) {
                LOG.warn("cell {}: attempt {} of {} failed, Spark retries it: {}", cell.key(), attempt + 1,
                        maxAttempts, e.toString());
                throw e instanceof RuntimeException r ? r : new IllegalStateException(describe(e), e);
            }
            LOG.error("cell {}: failed after {} attempt(s): {}", cell.key(), attempt + 1, e.toString(), e);
            return new CellOutcome(cell.key(), null, describe(e), attempt, false, executor, host, start,
                    java.time.Instant.now().toString());
        }
    }

    /** {@code Class: message}, with the root cause when it says more. */
    static String describe(Throwable e) {
        String text = e.getClass().getSimpleName() + ": " + e.getMessage();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e && root.getMessage() != null && (e.getMessage() == null || !e.getMessage().contains(root.getMessage()))) {
            text += " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return text;
    }

    /**
     * OpenMP/BLAS threads for this JVM: tasks run side by side in one executor JVM, each on
     * {@code spark.task.cpus} cores, so each op should use that many (OMP_NUM_THREADS is read only at
     * native start-up; executors also get it through spark.executorEnv).
     */
    private void limitBlasThreads() {
        if (Nd4j.getEnvironment().maxMasterThreads() != blasThreads) {
            Nd4j.getEnvironment().setMaxMasterThreads(blasThreads);
        }
        if (Nd4j.getEnvironment().maxThreads() != blasThreads) {
            Nd4j.getEnvironment().setMaxThreads(blasThreads);
        }
        if (Nd4j.factory().blas().getMaxThreads() != blasThreads) {
            Nd4j.factory().blas().setMaxThreads(blasThreads);
        }
    }

    private Module modules() {
        List<Module> extra = new ArrayList<>();
        String names = extensions == null ? "" : extensions.trim();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (String name : names.isEmpty() ? new String[0] : names.split(",")) {
            try {
                extra.add((Module) Class.forName(name.trim(), true, loader).getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException | ClassCastException e) {
                throw new IllegalArgumentException("cannot load Guice module '" + name.trim() + "' named in -D"
                        + RavenModule.EXTENSIONS_PROPERTY + " on the driver: " + e, e);
            }
        }
        return Modules.override(new RavenModule(loader)).with(extra);
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
