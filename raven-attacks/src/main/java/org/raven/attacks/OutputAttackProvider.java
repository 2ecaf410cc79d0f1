package org.raven.attacks;

import org.raven.api.PluginContext;
import org.raven.api.attack.Attack;
import org.raven.api.attack.AttackProvider;

/** Provides {@code output}: maximise the reconstruction change ||dec(mu(x+e)) - dec(mu(x))||^2 of an autoencoder. */
public final class OutputAttackProvider implements AttackProvider<OutputAttackSpec> {

    @Override
    public String id() {
        return "output";
    }

    @Override
    public Class<OutputAttackSpec> specType() {
        return OutputAttackSpec.class;
    }

    @Override
    public OutputAttackSpec defaultSpec() {
        return OutputAttackSpec.defaults();
    }

    @Override
    public Attack create(OutputAttackSpec spec, PluginContext context) {
        return new PgdAttack(id(), PgdAttack.Goal.OUTPUT, SpecChecks.config(spec));
    }

    @Override
    public String description() {
        return "maximise the reconstruction change ||dec(mu(x+e)) - dec(mu(x))||^2 of an autoencoder.";
    }
}
