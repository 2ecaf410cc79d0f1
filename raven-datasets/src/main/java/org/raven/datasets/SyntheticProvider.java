package org.raven.datasets;

import java.util.List;
import org.raven.api.BasePlugin;
import org.raven.api.PluginContext;
import org.raven.api.Problem;
import org.raven.api.data.Dataset;
import org.raven.api.data.DatasetProvider;

/**
 * {@code synthetic}: a small generated, learnable image dataset, a pure function of its spec: each
 * class is a random prototype of a few smooth strokes, and each example a randomly shifted, scaled,
 * rotated, dimmed and noised copy. Needs no files and no network; for tests and quick runs.
 */
public final class SyntheticProvider extends BasePlugin<SyntheticSpec, Dataset> implements DatasetProvider<SyntheticSpec> {

    public SyntheticProvider() {
        super("synthetic", SyntheticSpec.class, SyntheticSpec.defaults(),
                "generated stroke images, learnable, deterministic from a seed (no files)");
    }

    /** @throws IllegalArgumentException if the spec is invalid */
    @Override
    public Dataset create(SyntheticSpec spec, PluginContext context) {
        List<Problem> problems = spec.validate();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(id() + " spec: " + problems);
        }
        return SyntheticImages.generate(spec);
    }
}
