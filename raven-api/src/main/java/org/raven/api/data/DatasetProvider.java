package org.raven.api.data;

import org.raven.api.Plugin;

/**
 * Service interface for datasets; list implementations in
 * {@code META-INF/services/org.raven.api.data.DatasetProvider}. {@code create} loads the data, so it
 * may be slow and may fail with a message naming the file and what was expected.
 */
public interface DatasetProvider<S extends DatasetSpec> extends Plugin<S, Dataset> {
}
