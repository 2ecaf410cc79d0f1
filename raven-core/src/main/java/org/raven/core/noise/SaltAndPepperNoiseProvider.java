package org.raven.core.noise;

import org.raven.api.PluginContext;
import org.raven.api.noise.NoiseModel;
import org.raven.api.noise.NoiseProvider;

/** Provides the {@code salt-and-pepper} noise model. */
public final class SaltAndPepperNoiseProvider implements NoiseProvider<SaltAndPepperNoiseSpec> {

    @Override
    public String id() {
        return "salt-and-pepper";
    }

    @Override
    public Class<SaltAndPepperNoiseSpec> specType() {
        return SaltAndPepperNoiseSpec.class;
    }

    @Override
    public SaltAndPepperNoiseSpec defaultSpec() {
        return new SaltAndPepperNoiseSpec(null);
    }

    @Override
    public NoiseModel create(SaltAndPepperNoiseSpec spec, PluginContext context) {
        return new SaltAndPepperNoise(spec.rate());
    }

    @Override
    public String description() {
        return "each pixel set to 0 or 1 with probability rate";
    }
}
