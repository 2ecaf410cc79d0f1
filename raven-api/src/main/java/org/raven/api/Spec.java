package org.raven.api;

import java.util.List;

/**
 * A plugin's JSON configuration: an immutable record whose compact constructor fills in defaults
 * (the one place defaults live) and never throws, so that {@link #validate()} can report every
 * problem at once.
 */
public interface Spec {

    /**
     * Checks value ranges. Paths are relative to this spec, for example {@code "tau"}; the caller
     * prefixes them with the spec's own JSON path.
     *
     * @return every problem found, or an empty list
     */
    default List<Problem> validate() {
        return List.of();
    }
}
