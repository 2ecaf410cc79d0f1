package org.raven.api.model;

import org.raven.api.Plugin;

/**
 * Service interface for pretrained model sources (models trained elsewhere, loaded from files); list
 * implementations in {@code META-INF/services/org.raven.api.model.ModelSourceProvider}. {@code create} fails with
 * a {@link ModelSourceException} that names the spec field at fault and says what is wrong with the file.
 */
public interface ModelSourceProvider<S extends ModelSourceSpec> extends Plugin<S, PretrainedModel> {
}
