package org.raven.eval.run;

import java.util.Map;

/**
 * The command line's executor options, handed to a {@link CellExecutorProvider}.
 *
 * @param workers parallel workers (local executor: processes; Spark: ignored when a master is given,
 *                else {@code local[workers]})
 * @param master  where to run, for example {@code local[2]}, {@code spark://host:7077}, {@code yarn};
 *                null for the local executor (or for an engine that takes it from its own launcher,
 *                such as {@code spark-submit --master})
 * @param conf    extra {@code --conf key=value} pairs, passed to the engine unchanged; never null
 */
public record ExecutorSettings(int workers, String master, Map<String, String> conf) {

    public ExecutorSettings {
        conf = conf == null ? Map.of() : Map.copyOf(conf);
    }
}
