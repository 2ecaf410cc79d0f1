package org.raven.eval.run;

/** {@code local}: cells in this process, or in {@code workers} worker processes on this machine. */
public final class LocalExecutorProvider implements CellExecutorProvider {

    public static final String ID = "local";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public CellExecutor create(ExecutorSettings settings, CellRunner runner, CellStore store) {
        return new LocalExecutor(settings.workers(), runner, store);
    }
}
