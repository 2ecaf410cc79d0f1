package org.raven.attacks;

import org.raven.api.PluginContext;
import org.raven.api.attack.Attack;
import org.raven.api.attack.AttackProvider;

/** Provides {@code latent-targeted}: minimise KL(q(z|x+e) || q(z|x_target)) towards an example of another class; objective -KL. */
public final class LatentTargetedProvider implements AttackProvider<LatentTargetedSpec> {

    @Override
    public String id() {
        return "latent-targeted";
    }

    @Override
    public Class<LatentTargetedSpec> specType() {
        return LatentTargetedSpec.class;
    }

    @Override
    public LatentTargetedSpec defaultSpec() {
        return LatentTargetedSpec.defaults();
    }

    @Override
    public Attack create(LatentTargetedSpec spec, PluginContext context) {
        return new PgdAttack(id(), PgdAttack.Goal.TARGETED_KL, SpecChecks.config(spec));
    }

    @Override
    public String description() {
        return "minimise KL(q(z|x+e) || q(z|x_target)) towards an example of another class; objective -KL.";
    }
}
