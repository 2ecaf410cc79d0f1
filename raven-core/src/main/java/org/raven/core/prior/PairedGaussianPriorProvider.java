package org.raven.core.prior;

import org.raven.api.PluginContext;
import org.raven.api.prior.Prior;
import org.raven.api.prior.PriorProvider;

/** Provides {@code paired-gaussian}: z' = rho z + sqrt(1 - rho^2) eta. */
public final class PairedGaussianPriorProvider implements PriorProvider<PairedGaussianPriorSpec> {

    @Override
    public String id() {
        return "paired-gaussian";
    }

    @Override
    public Class<PairedGaussianPriorSpec> specType() {
        return PairedGaussianPriorSpec.class;
    }

    @Override
    public PairedGaussianPriorSpec defaultSpec() {
        return new PairedGaussianPriorSpec(null);
    }

    @Override
    public Prior create(PairedGaussianPriorSpec spec, PluginContext context) {
        return new PairedGaussianPrior(spec.rho());
    }

    @Override
    public String description() {
        return "RAVEN paired prior, correlation rho: z' = rho z + sqrt(1-rho^2) eta";
    }
}
