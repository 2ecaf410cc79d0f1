package org.raven.core.prior;

import org.raven.api.BasePlugin;
import org.raven.api.PluginContext;
import org.raven.api.prior.Prior;
import org.raven.api.prior.PriorProvider;

/** Provides {@code paired-gaussian}: z' = rho z + sqrt(1 - rho^2) eta. */
public final class PairedGaussianPriorProvider extends BasePlugin<PairedGaussianPriorSpec, Prior> implements PriorProvider<PairedGaussianPriorSpec> {

    public PairedGaussianPriorProvider() {
        super("paired-gaussian", PairedGaussianPriorSpec.class, new PairedGaussianPriorSpec(null),
                "RAVEN paired prior, correlation rho: z' = rho z + sqrt(1-rho^2) eta");
    }

    @Override
    public Prior create(PairedGaussianPriorSpec spec, PluginContext context) {
        return new PairedGaussianPrior(spec.rho());
    }
}
