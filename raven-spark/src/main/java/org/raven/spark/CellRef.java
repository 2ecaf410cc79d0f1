package org.raven.spark;

import java.io.Serializable;

/**
 * A cell as a Spark task sees it: its key and its folder on the shared path (a String, as
 * {@link java.nio.file.Path} is not serialisable).
 */
record CellRef(String key, String dir) implements Serializable {
}
