package org.raven.attacks;

import org.raven.api.BasePlugin;
import org.raven.api.PluginContext;
import org.raven.api.attack.Attack;
import org.raven.api.attack.AttackProvider;

/** Provides {@code fgsm}: one gradient step of size budget on the latent symmetric KL from a random start (a cheap baseline). */
public final class FgsmProvider extends BasePlugin<FgsmSpec, Attack> implements AttackProvider<FgsmSpec> {

    public FgsmProvider() {
        super("fgsm", FgsmSpec.class, FgsmSpec.defaults(),
                "one gradient step of size budget on the latent symmetric KL from a random start (a cheap baseline).");
    }

    @Override
    public Attack create(FgsmSpec spec, PluginContext context) {
        return new PgdAttack(id(), PgdAttack.Goal.SYMMETRIC_KL, new PgdEngine.Config(Norm.parse(spec.norm()), 1, null, 1.0, true, 1));
    }
}
