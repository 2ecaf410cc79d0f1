package org.raven.core.noise;

import org.raven.api.BasePlugin;
import org.raven.api.PluginContext;
import org.raven.api.noise.NoiseModel;
import org.raven.api.noise.NoiseProvider;

/** Provides the {@code salt-and-pepper} noise model. */
public final class SaltAndPepperNoiseProvider extends BasePlugin<SaltAndPepperNoiseSpec, NoiseModel> implements NoiseProvider<SaltAndPepperNoiseSpec> {

    public SaltAndPepperNoiseProvider() {
        super("salt-and-pepper", SaltAndPepperNoiseSpec.class, new SaltAndPepperNoiseSpec(null),
                "each pixel set to 0 or 1 with probability rate");
    }

    @Override
    public NoiseModel create(SaltAndPepperNoiseSpec spec, PluginContext context) {
        return new SaltAndPepperNoise(spec.rate());
    }
}
