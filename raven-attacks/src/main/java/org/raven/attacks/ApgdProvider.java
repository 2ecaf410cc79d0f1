package org.raven.attacks;

import org.raven.api.BasePlugin;
import org.raven.api.PluginContext;
import org.raven.api.attack.Attack;
import org.raven.api.attack.AttackProvider;

/** Provides {@code apgd}: Auto-PGD (Croce and Hein 2020) on the SKL, mu, targeted or output objective. */
public final class ApgdProvider extends BasePlugin<ApgdSpec, Attack> implements AttackProvider<ApgdSpec> {

    public ApgdProvider() {
        super("apgd", ApgdSpec.class, ApgdSpec.defaults(),
                "Auto-PGD (Croce and Hein 2020): parameter-free projected gradient ascent on the SKL, mu (Mahalanobis),"
                        + " targeted KL, output, or the classifier's CE or DLR objective.");
    }

    @Override
    public Attack create(ApgdSpec spec, PluginContext context) {
        PgdAttack.Goal goal = switch (spec.objective()) {
            case "skl" -> PgdAttack.Goal.SYMMETRIC_KL;
            case "mu" -> PgdAttack.Goal.MAHALANOBIS;
            case "targeted" -> PgdAttack.Goal.TARGETED_KL;
            case "output" -> PgdAttack.Goal.OUTPUT;
            case "ce" -> PgdAttack.Goal.CROSS_ENTROPY;
            case "dlr" -> PgdAttack.Goal.DLR;
            default -> throw new IllegalArgumentException("objective - must be one of " + ApgdSpec.OBJECTIVES
                    + " (was '" + spec.objective() + "')");
        };
        return new PgdAttack(id(), goal, new ApgdEngine.Config(Norm.parse(spec.norm()), spec.steps(), spec.restarts()),
                spec.eotSamples());
    }
}
