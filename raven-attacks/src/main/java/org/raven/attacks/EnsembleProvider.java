package org.raven.attacks;

import org.raven.api.BasePlugin;
import org.raven.api.PluginContext;
import org.raven.api.attack.Attack;
import org.raven.api.attack.AttackProvider;

/** Provides {@code ensemble}: a fixed, versioned list of attacks with a per-point worst case ({@link EnsembleAttack}). */
public final class EnsembleProvider extends BasePlugin<EnsembleSpec, Attack> implements AttackProvider<EnsembleSpec> {

    public EnsembleProvider() {
        super("ensemble", EnsembleSpec.class, EnsembleSpec.defaults(),
                "a fixed, versioned attack ensemble (" + EnsembleAttack.VERSION + ": APGD on the classifier's CE and DLR,"
                        + " on mu and on the SKL, then random noise) keeping the per-point worst case; needs the classifier head.");
    }

    @Override
    public Attack create(EnsembleSpec spec, PluginContext context) {
        return new EnsembleAttack(Norm.parse(spec.norm()), spec.standalone(), spec.eotSamples());
    }
}
