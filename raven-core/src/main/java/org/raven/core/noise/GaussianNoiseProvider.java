package org.raven.core.noise;

import org.raven.api.PluginContext;
import org.raven.api.noise.NoiseModel;
import org.raven.api.noise.NoiseProvider;

/** Provides the {@code gaussian} noise model. */
public final class GaussianNoiseProvider implements NoiseProvider<GaussianNoiseSpec> {

    @Override
    public String id() {
        return "gaussian";
    }

    @Override
    public Class<GaussianNoiseSpec> specType() {
        return GaussianNoiseSpec.class;
    }

    @Override
    public GaussianNoiseSpec defaultSpec() {
        return new GaussianNoiseSpec(null);
    }

    @Override
    public NoiseModel create(GaussianNoiseSpec spec, PluginContext context) {
        return new GaussianNoise(spec.sigma());
    }

    @Override
    public String description() {
        return "pixel noise N(0, sigma^2), clipped to [0, 1]";
    }
}
