package org.raven.attacks;

import org.raven.api.BasePlugin;
import org.raven.api.PluginContext;
import org.raven.api.attack.Attack;
import org.raven.api.attack.AttackProvider;

/** Provides {@code output}: maximise the reconstruction change ||dec(mu(x+e)) - dec(mu(x))||^2 of an autoencoder. */
public final class OutputAttackProvider extends BasePlugin<OutputAttackSpec, Attack> implements AttackProvider<OutputAttackSpec> {

    public OutputAttackProvider() {
        super("output", OutputAttackSpec.class, OutputAttackSpec.defaults(),
                "maximise the reconstruction change ||dec(mu(x+e)) - dec(mu(x))||^2 of an autoencoder.");
    }

    @Override
    public Attack create(OutputAttackSpec spec, PluginContext context) {
        return new PgdAttack(id(), PgdAttack.Goal.OUTPUT, SpecChecks.config(spec), spec.eotSamples());
    }
}
