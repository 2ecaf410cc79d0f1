package org.raven.attacks;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.attack.Attack;
import org.raven.api.attack.AttackResult;
import org.raven.api.model.AutoEncoder;
import org.raven.api.model.DifferentiableEncoder;

/**
 * The gradient attacks: {@code latent-skl-pgd}, {@code latent-targeted}, {@code output}, {@code fgsm} and
 * {@code apgd} differ only in their objective and their engine ({@link PgdEngine} or {@link ApgdEngine}) with its
 * settings.
 */
final class PgdAttack implements Attack {

    /** The objective an attack maximises. */
    enum Goal {
        SYMMETRIC_KL(GaussianDivergence.SKL_LABEL),
        MAHALANOBIS("sum_j (mu_j(x+e) - mu_j(x))^2 / exp(logVar_j(x))"),
        TARGETED_KL("-KL(q(z|x+e) || q(z|x_target))"),
        OUTPUT("||dec(mu(x+e)) - dec(mu(x))||^2");

        final String label;

        Goal(String label) {
            this.label = label;
        }
    }

    /** A maximiser of an objective inside the budget: {@link PgdEngine#run} or {@link ApgdEngine#run}. */
    @FunctionalInterface
    interface Ascent {
        AttackResult run(Objective objective, INDArray x, double delta, long seed);
    }

    private final String id;
    private final Goal goal;
    private final Ascent ascent;

    PgdAttack(String id, Goal goal, PgdEngine.Config config) {
        this(id, goal, new PgdEngine(id, config)::run);
    }

    PgdAttack(String id, Goal goal, ApgdEngine.Config config) {
        this(id, goal, new ApgdEngine(id, config)::run);
    }

    private PgdAttack(String id, Goal goal, Ascent ascent) {
        this.id = id;
        this.goal = goal;
        this.ascent = ascent;
    }

    @Override
    public AttackResult run(DifferentiableEncoder model, INDArray x, int[] labels, double budget, long seed) {
        AttackInputs.check(id, model, x, budget);
        Objective objective = switch (goal) {
            case SYMMETRIC_KL -> Objectives.symmetricKlFromClean(model, x);
            case MAHALANOBIS -> Objectives.mahalanobisFromClean(model, x);
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
        return ascent.run(objective, x, budget, seed);
    }

    @Override
    public String objective() {
        return goal.label;
    }

    @Override
    public String toString() {
        return id;
    }
}
