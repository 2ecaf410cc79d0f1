package org.raven.attacks;

import org.raven.api.BasePlugin;
import org.raven.api.PluginContext;
import org.raven.api.attack.Attack;
import org.raven.api.attack.AttackProvider;

/** Provides {@code latent-targeted}: minimise KL(q(z|x+e) || q(z|x_target)) towards an example of another class; objective -KL. */
public final class LatentTargetedProvider extends BasePlugin<LatentTargetedSpec, Attack> implements AttackProvider<LatentTargetedSpec> {

    public LatentTargetedProvider() {
        super("latent-targeted", LatentTargetedSpec.class, LatentTargetedSpec.defaults(),
                "minimise KL(q(z|x+e) || q(z|x_target)) towards an example of another class; objective -KL.");
    }

    @Override
    public Attack create(LatentTargetedSpec spec, PluginContext context) {
        return new PgdAttack(id(), PgdAttack.Goal.TARGETED_KL, SpecChecks.config(spec), spec.eotSamples());
    }
}
