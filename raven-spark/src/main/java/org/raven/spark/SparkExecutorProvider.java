package org.raven.spark;

import org.raven.eval.run.CellExecutor;
import org.raven.eval.run.CellExecutorProvider;
import org.raven.eval.run.CellRunner;
import org.raven.eval.run.CellStore;
import org.raven.eval.run.ExecutorSettings;

/**
 * {@code raven run SPEC.json --executor spark [--master M] [--conf k=v ...]}: found by ServiceLoader
 * when raven-spark and Spark are on the class path. Spark tasks compose their own cell runner on the
 * executors, so the driver's {@code runner} is not used.
 */
public final class SparkExecutorProvider implements CellExecutorProvider {

    @Override
    public String id() {
        return "spark";
    }

    @Override
    public CellExecutor create(ExecutorSettings settings, CellRunner runner, CellStore store) {
        return new SparkExecutor(settings, store);
    }
}
