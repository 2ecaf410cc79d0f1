package org.raven.eval.spec;

import java.util.List;
import org.raven.api.Problem;
import org.raven.api.Spec;

/**
 * Where cells run.
 *
 * @param workers parallel worker processes on this machine; default 1 (cells run in this process), >= 1
 */
public record ExecutorSpec(Integer workers) implements Spec {

    public ExecutorSpec {
        workers = workers == null ? 1 : workers;
    }

    public static ExecutorSpec defaults() {
        return new ExecutorSpec(null);
    }

    @Override
    public List<Problem> validate() {
        Problem.Collector c = new Problem.Collector();
        c.check(workers >= 1, "workers", "must be >= 1 (was " + workers + ")");
        return c.problems();
    }
}
