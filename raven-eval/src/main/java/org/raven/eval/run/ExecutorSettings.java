package org.raven.eval.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an executor is asked for: the parallel workers, and for cluster executors the master and extra
 * configuration ({@code raven run --executor ID --workers N --master URL --conf KEY=VALUE}).
 *
 * @param workers parallel workers, >= 1
 * @param master  cluster master URL, or null for the executor's default
 * @param conf    extra executor configuration, in the order given; never null
 */
public record ExecutorSettings(int workers, String master, Map<String, String> conf) {

    public ExecutorSettings {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1 (was " + workers + ")");
        }
        conf = conf == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(conf));
    }

    /** Local settings: {@code workers}, no master, no configuration. */
    public static ExecutorSettings local(int workers) {
        return new ExecutorSettings(workers, null, Map.of());
    }
}
