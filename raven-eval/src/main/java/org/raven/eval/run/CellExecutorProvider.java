package org.raven.eval.run;

/**
 * Found by {@link java.util.ServiceLoader}: how {@code raven run --executor ID} gets its executor
 * ({@code local} is built in). An implementation lives in an optional module (for example
 * raven-spark) and is registered in its {@code META-INF/services/org.raven.eval.run.CellExecutorProvider}.
 */
public interface CellExecutorProvider {

    /** Lower-case id used on the command line, e.g. {@code spark}. */
    String id();

    /**
     * Makes the executor.
     *
     * @param settings the command line's executor options
     * @param runner   computes a cell in this process; an executor that runs cells elsewhere (worker
     *                 processes, cluster executors) builds its own there and may ignore this one
     * @param store    the cell folders' files, used here to read and write {@code result.json}
     */
    CellExecutor create(ExecutorSettings settings, CellRunner runner, CellStore store);
}
