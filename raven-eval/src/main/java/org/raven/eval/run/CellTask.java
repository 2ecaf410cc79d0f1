package org.raven.eval.run;

import java.nio.file.Path;

/**
 * One cell to compute: its folder holds {@code cell.json} (the resolved cell spec and its hash) and
 * receives {@code result.json}. A cell carries everything it needs, so it computes the same result
 * in this process, a worker process or on another machine.
 *
 * @param key for logs and folder names, for example {@code raven-seed3}
 */
public record CellTask(String key, Path dir) {
}
