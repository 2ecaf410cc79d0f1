package org.raven.datasets;

import java.util.List;
import org.raven.api.BasePlugin;
import org.raven.api.PluginContext;
import org.raven.api.Problem;
import org.raven.api.data.Dataset;
import org.raven.api.data.DatasetProvider;

/** Shared body of the {@code mnist} and {@code fashion-mnist} providers: cheap until {@link #create}. */
abstract class IdxDatasetProvider<S extends IdxDatasetSpec> extends BasePlugin<S, Dataset> implements DatasetProvider<S> {

    private final IdxDatasetDefinition definition;

    IdxDatasetProvider(IdxDatasetDefinition definition, Class<S> specType, S defaultSpec, String description) {
        super(definition.id(), specType, defaultSpec, description);
        this.definition = definition;
    }

    /**
     * Finds the files (spec {@code path}, data home, system copies, then a verified download unless
     * offline), checks their SHA-256 and returns the dataset.
     *
     * @throws IllegalArgumentException if the spec is invalid
     * @throws DatasetException         if nothing is found, a download fails or a checksum does not match
     * @throws IdxFormatException       if a file is malformed
     */
    @Override
    public Dataset create(S spec, PluginContext context) {
        List<Problem> problems = spec.validate();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(id() + " spec: " + problems);
        }
        return new IdxDatasetLoader(definition).load(spec, context);
    }

    IdxDatasetDefinition definition() {
        return definition;
    }
}
