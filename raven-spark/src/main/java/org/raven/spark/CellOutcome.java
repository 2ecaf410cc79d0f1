package org.raven.spark;

import java.io.Serializable;

/**
 * What a Spark task sends back to the driver for one cell: the result as JSON (CellResult is a plain
 * record, not {@link Serializable}; JSON is also how result.json stores it), or the error after the
 * last attempt.
 *
 * @param key        the cell's key, for example {@code raven-seed3}
 * @param resultJson the cell's result as {@code result.json} holds it; null when the cell failed
 * @param error      the failure ({@code Class: message}); null on success
 * @param attempt    the Spark attempt number that produced this outcome (0 for the first)
 * @param reused     whether the cell's folder already held its finished result (nothing computed)
 * @param executorId the Spark executor that ran the task ({@code driver} in local mode)
 * @param host       the executor's host
 * @param start      ISO-8601 instant the task started this cell
 * @param end        ISO-8601 instant it finished
 */
record CellOutcome(String key, String resultJson, String error, int attempt, boolean reused, String executorId,
                   String host, String start, String end) implements Serializable {

    boolean failed() {
        return resultJson == null;
    }
}
