package org.raven.core.noise;

import org.raven.api.BasePlugin;
import org.raven.api.PluginContext;
import org.raven.api.noise.NoiseModel;
import org.raven.api.noise.NoiseProvider;

/** Provides the {@code uniform} noise model. */
public final class UniformNoiseProvider extends BasePlugin<UniformNoiseSpec, NoiseModel> implements NoiseProvider<UniformNoiseSpec> {

    public UniformNoiseProvider() {
        super("uniform", UniformNoiseSpec.class, new UniformNoiseSpec(null),
                "pixel noise U(-width, width), clipped to [0, 1]");
    }

    @Override
    public NoiseModel create(UniformNoiseSpec spec, PluginContext context) {
        return new UniformNoise(spec.width());
    }
}
