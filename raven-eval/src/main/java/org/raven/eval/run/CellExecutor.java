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

    /** Makes an executor for a number of parallel workers; bound by Guice, so another executor can plug in. */
    @FunctionalInterface
    interface Factory {
        CellExecutor create(int workers);
    }
}
