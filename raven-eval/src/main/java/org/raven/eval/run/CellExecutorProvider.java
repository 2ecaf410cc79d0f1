package org.raven.eval.run;

/**
 * A kind of {@link CellExecutor}, found by {@link java.util.ServiceLoader}
 * ({@code META-INF/services/org.raven.eval.run.CellExecutorProvider}) and chosen with
 * {@code raven run --executor <id>}. raven-eval provides {@code local}; raven-spark provides
 * {@code spark}.
 */
public interface CellExecutorProvider {

    /** Lower-case, hyphenated, for example {@code local}. */
    String id();

    /**
     * An executor for these settings.
     *
     * @param runner computes a cell in this process (executors that run cells elsewhere may ignore it)
     * @param store  reads and writes cell results
     */
    CellExecutor create(ExecutorSettings settings, CellRunner runner, CellStore store);
}
