package org.raven.attacks;

import org.raven.api.BasePlugin;
import org.raven.api.PluginContext;
import org.raven.api.attack.Attack;
import org.raven.api.attack.AttackProvider;

/** Provides {@code random-noise}: uniform noise within the budget: the chance level an attack must beat. */
public final class RandomNoiseProvider extends BasePlugin<RandomNoiseSpec, Attack> implements AttackProvider<RandomNoiseSpec> {

    public RandomNoiseProvider() {
        super("random-noise", RandomNoiseSpec.class, RandomNoiseSpec.defaults(),
                "uniform noise within the budget: the chance level an attack must beat.");
    }

    @Override
    public Attack create(RandomNoiseSpec spec, PluginContext context) {
        return new RandomNoiseAttack(Norm.parse(spec.norm()));
    }
}
