package org.raven.core.noise;

import org.raven.api.BasePlugin;
import org.raven.api.PluginContext;
import org.raven.api.noise.NoiseModel;
import org.raven.api.noise.NoiseProvider;

/** Provides the {@code gaussian} noise model. */
public final class GaussianNoiseProvider extends BasePlugin<GaussianNoiseSpec, NoiseModel> implements NoiseProvider<GaussianNoiseSpec> {

    public GaussianNoiseProvider() {
        super("gaussian", GaussianNoiseSpec.class, new GaussianNoiseSpec(null),
                "pixel noise N(0, sigma^2), clipped to [0, 1]");
    }

    @Override
    public NoiseModel create(GaussianNoiseSpec spec, PluginContext context) {
        return new GaussianNoise(spec.sigma());
    }
}
