package org.raven.attacks;

import org.raven.api.PluginContext;
import org.raven.api.attack.Attack;
import org.raven.api.attack.AttackProvider;

/** Provides {@code random-noise}: uniform noise within the budget: the chance level an attack must beat. */
public final class RandomNoiseProvider implements AttackProvider<RandomNoiseSpec> {

    @Override
    public String id() {
        return "random-noise";
    }

    @Override
    public Class<RandomNoiseSpec> specType() {
        return RandomNoiseSpec.class;
    }

    @Override
    public RandomNoiseSpec defaultSpec() {
        return RandomNoiseSpec.defaults();
    }

    @Override
    public Attack create(RandomNoiseSpec spec, PluginContext context) {
        return new RandomNoiseAttack(Norm.parse(spec.norm()));
    }

    @Override
    public String description() {
        return "uniform noise within the budget: the chance level an attack must beat.";
    }
}
