package org.raven.core.prior;

import org.raven.api.BasePlugin;
import org.raven.api.PluginContext;
import org.raven.api.prior.Prior;
import org.raven.api.prior.PriorProvider;

/** Provides {@code standard-normal}: independent N(0, I) for z and z'. */
public final class StandardNormalPriorProvider extends BasePlugin<StandardNormalPriorSpec, Prior> implements PriorProvider<StandardNormalPriorSpec> {

    public StandardNormalPriorProvider() {
        super("standard-normal", StandardNormalPriorSpec.class, new StandardNormalPriorSpec(),
                "independent N(0, I) for z and z' (plain VAE, naive augmentation)");
    }

    @Override
    public Prior create(StandardNormalPriorSpec spec, PluginContext context) {
        return new StandardNormalPrior();
    }
}
