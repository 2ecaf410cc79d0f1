package org.raven.attacks;

import org.raven.api.PluginContext;
import org.raven.api.attack.Attack;
import org.raven.api.attack.AttackProvider;

/** Provides {@code fgsm}: one gradient step of size budget on the latent symmetric KL from a random start (a cheap baseline). */
public final class FgsmProvider implements AttackProvider<FgsmSpec> {

    @Override
    public String id() {
        return "fgsm";
    }

    @Override
    public Class<FgsmSpec> specType() {
        return FgsmSpec.class;
    }

    @Override
    public FgsmSpec defaultSpec() {
        return FgsmSpec.defaults();
    }

    @Override
    public Attack create(FgsmSpec spec, PluginContext context) {
        return new PgdAttack(id(), PgdAttack.Goal.SYMMETRIC_KL, new PgdEngine.Config(Norm.parse(spec.norm()), 1, null, 1.0, true, 1));
    }

    @Override
    public String description() {
        return "one gradient step of size budget on the latent symmetric KL from a random start (a cheap baseline).";
    }
}
