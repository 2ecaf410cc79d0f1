package org.raven.core.noise;

import org.raven.api.PluginContext;
import org.raven.api.noise.NoiseModel;
import org.raven.api.noise.NoiseProvider;

/** Provides the {@code uniform} noise model. */
public final class UniformNoiseProvider implements NoiseProvider<UniformNoiseSpec> {

    @Override
    public String id() {
        return "uniform";
    }

    @Override
    public Class<UniformNoiseSpec> specType() {
        return UniformNoiseSpec.class;
    }

    @Override
    public UniformNoiseSpec defaultSpec() {
        return new UniformNoiseSpec(null);
    }

    @Override
    public NoiseModel create(UniformNoiseSpec spec, PluginContext context) {
        return new UniformNoise(spec.width());
    }

    @Override
    public String description() {
        return "pixel noise U(-width, width), clipped to [0, 1]";
    }
}
