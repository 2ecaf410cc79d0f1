package org.raven.datasets;

import java.util.List;
import org.raven.api.PluginContext;
import org.raven.api.Problem;
import org.raven.api.data.Dataset;
import org.raven.api.data.DatasetProvider;

/**
 * {@code synthetic}: a small generated, learnable image dataset, a pure function of its spec: each
 * class is a random prototype of a few smooth strokes, and each example a randomly shifted, scaled,
 * rotated, dimmed and noised copy. Needs no files and no network; for tests and quick runs.
 */
public final class SyntheticProvider implements DatasetProvider<SyntheticSpec> {

    @Override
    public String id() {
        return "synthetic";
    }

    @Override
    public Class<SyntheticSpec> specType() {
        return SyntheticSpec.class;
    }

    @Override
    public SyntheticSpec defaultSpec() {
        return SyntheticSpec.defaults();
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

    @Override
    public String description() {
        return "generated stroke images, learnable, deterministic from a seed (no files)";
    }
}
