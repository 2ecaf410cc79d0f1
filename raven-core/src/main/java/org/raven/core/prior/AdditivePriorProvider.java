package org.raven.core.prior;

import org.raven.api.BasePlugin;
import org.raven.api.PluginContext;
import org.raven.api.prior.Prior;
import org.raven.api.prior.PriorProvider;

/** Provides {@code additive}: z' = z + tau eta. */
public final class AdditivePriorProvider extends BasePlugin<AdditivePriorSpec, Prior> implements PriorProvider<AdditivePriorSpec> {

    public AdditivePriorProvider() {
        super("additive", AdditivePriorSpec.class, new AdditivePriorSpec(null),
                "RAVEN paired prior, additive form: z' = z + tau eta");
    }

    @Override
    public Prior create(AdditivePriorSpec spec, PluginContext context) {
        return new AdditivePrior(spec.tau());
    }
}
