package org.raven.eval.run;

import java.util.List;

/**
 * Runs independent cells and returns their results in the order given. Implementations decide where
 * (this process, worker processes, a cluster); each cell's result is also in its folder's
 * {@code result.json} when this returns.
 */
public interface CellExecutor {

    /**
     * @throws CellFailedException naming the cells that failed, after the others have finished
     */
    List<CellResult> execute(List<CellTask> cells);

    /**
     * {@link #execute(List)}, counting each cell in {@code progress} as it finishes (or fails). An executor
     * that cannot tell when single cells finish keeps this default, which counts them all at the end.
     */
    default List<CellResult> execute(List<CellTask> cells, GridProgress progress) {
        List<CellResult> results = execute(cells);
        results.forEach(r -> progress.cellFinished());
        return results;
    }

    /** Makes an executor for a number of parallel workers; bound by Guice, so another executor can plug in. */
    @FunctionalInterface
    interface Factory {
        CellExecutor create(int workers);
    }
}
