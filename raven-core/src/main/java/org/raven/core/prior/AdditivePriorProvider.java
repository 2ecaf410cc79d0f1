package org.raven.core.prior;

import org.raven.api.PluginContext;
import org.raven.api.prior.Prior;
import org.raven.api.prior.PriorProvider;

/** Provides {@code additive}: z' = z + tau eta. */
public final class AdditivePriorProvider implements PriorProvider<AdditivePriorSpec> {

    @Override
    public String id() {
        return "additive";
    }

    @Override
    public Class<AdditivePriorSpec> specType() {
        return AdditivePriorSpec.class;
    }

    @Override
    public AdditivePriorSpec defaultSpec() {
        return new AdditivePriorSpec(null);
    }

    @Override
    public Prior create(AdditivePriorSpec spec, PluginContext context) {
        return new AdditivePrior(spec.tau());
    }

    @Override
    public String description() {
        return "RAVEN paired prior, additive form: z' = z + tau eta";
    }
}
