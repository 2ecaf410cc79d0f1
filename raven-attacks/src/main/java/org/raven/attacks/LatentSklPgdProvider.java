package org.raven.attacks;

import org.raven.api.BasePlugin;
import org.raven.api.PluginContext;
import org.raven.api.attack.Attack;
import org.raven.api.attack.AttackProvider;

/** Provides {@code latent-skl-pgd}: maximise the symmetric KL between q(z|x+e) and q(z|x) by projected gradient ascent (Kuzina et al. 2022). */
public final class LatentSklPgdProvider extends BasePlugin<LatentSklPgdSpec, Attack> implements AttackProvider<LatentSklPgdSpec> {

    public LatentSklPgdProvider() {
        super("latent-skl-pgd", LatentSklPgdSpec.class, LatentSklPgdSpec.defaults(),
                "maximise the symmetric KL between q(z|x+e) and q(z|x) by projected gradient ascent (Kuzina et al. 2022).");
    }

    @Override
    public Attack create(LatentSklPgdSpec spec, PluginContext context) {
        return new PgdAttack(id(), PgdAttack.Goal.SYMMETRIC_KL, SpecChecks.config(spec), spec.eotSamples());
    }
}
