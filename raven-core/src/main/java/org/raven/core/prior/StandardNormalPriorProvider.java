package org.raven.core.prior;

import org.raven.api.PluginContext;
import org.raven.api.prior.Prior;
import org.raven.api.prior.PriorProvider;

/** Provides {@code standard-normal}: independent N(0, I) for z and z'. */
public final class StandardNormalPriorProvider implements PriorProvider<StandardNormalPriorSpec> {

    @Override
    public String id() {
        return "standard-normal";
    }

    @Override
    public Class<StandardNormalPriorSpec> specType() {
        return StandardNormalPriorSpec.class;
    }

    @Override
    public StandardNormalPriorSpec defaultSpec() {
        return new StandardNormalPriorSpec();
    }

    @Override
    public Prior create(StandardNormalPriorSpec spec, PluginContext context) {
        return new StandardNormalPrior();
    }

    @Override
    public String description() {
        return "independent N(0, I) for z and z' (plain VAE, naive augmentation)";
    }
}
