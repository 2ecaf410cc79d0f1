package org.raven.attacks;

import org.raven.api.PluginContext;
import org.raven.api.attack.Attack;
import org.raven.api.attack.AttackProvider;

/** Provides {@code latent-skl-pgd}: maximise the symmetric KL between q(z|x+e) and q(z|x) by projected gradient ascent (Kuzina et al. 2022). */
public final class LatentSklPgdProvider implements AttackProvider<LatentSklPgdSpec> {

    @Override
    public String id() {
        return "latent-skl-pgd";
    }

    @Override
    public Class<LatentSklPgdSpec> specType() {
        return LatentSklPgdSpec.class;
    }

    @Override
    public LatentSklPgdSpec defaultSpec() {
        return LatentSklPgdSpec.defaults();
    }

    @Override
    public Attack create(LatentSklPgdSpec spec, PluginContext context) {
        return new PgdAttack(id(), PgdAttack.Goal.SYMMETRIC_KL, SpecChecks.config(spec));
    }

    @Override
    public String description() {
        return "maximise the symmetric KL between q(z|x+e) and q(z|x) by projected gradient ascent (Kuzina et al. 2022).";
    }
}
