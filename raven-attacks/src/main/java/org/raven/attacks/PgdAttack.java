package org.raven.attacks;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.attack.Attack;
import org.raven.api.attack.AttackResult;
import org.raven.api.model.AutoEncoder;
import org.raven.api.model.DifferentiableEncoder;

/**
 * The gradient attacks: {@code latent-skl-pgd}, {@code latent-targeted}, {@code output} and
 * {@code fgsm} differ only in their objective and settings; {@link PgdEngine} does the stepping.
 */
final class PgdAttack implements Attack {

    /** The objective an attack maximises. */
    enum Goal { SYMMETRIC_KL, TARGETED_KL, OUTPUT }

    private final String id;
    private final Goal goal;
    private final PgdEngine engine;

    PgdAttack(String id, Goal goal, PgdEngine.Config config) {
        this.id = id;
        this.goal = goal;
        this.engine = new PgdEngine(id, config);
    }

    @Override
    public AttackResult run(DifferentiableEncoder model, INDArray x, int[] labels, double budget, long seed) {
        AttackInputs.check(id, model, x, budget);
        Objective objective = switch (goal) {
            case SYMMETRIC_KL -> Objectives.symmetricKlFromClean(model, x);
            case TARGETED_KL -> {
                Latents clean = Latents.of(model.encode(x));
                int[] target = Targets.choose(id, labels, clean.n(), seed);
                yield Objectives.latent(model, clean.n(), LatentLoss.negativeKlTo(clean.rows(target)));
            }
            case OUTPUT -> {
                if (!(model instanceof AutoEncoder ae)) {
                    throw new IllegalArgumentException("attack '" + id + "' needs an " + AutoEncoder.class.getName()
                            + " (an encoder with a decoder), but got " + model.getClass().getName());
                }
                yield Objectives.reconstructionChange(ae, x);
            }
        };
        return engine.run(objective, x, budget, seed);
    }

    @Override
    public String objective() {
        return switch (goal) {
            case SYMMETRIC_KL -> GaussianDivergence.SKL_LABEL;
            case TARGETED_KL -> "-KL(q(z|x+e) || q(z|x_target))";
            case OUTPUT -> "||dec(mu(x+e)) - dec(mu(x))||^2";
        };
    }

    @Override
    public String toString() {
        return id;
    }
}
