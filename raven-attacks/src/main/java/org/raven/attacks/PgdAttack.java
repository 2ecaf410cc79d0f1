package org.raven.attacks;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.attack.Attack;
import org.raven.api.attack.AttackResult;
import org.raven.api.attack.ClassifierHead;
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
        OUTPUT("||dec(mu(x+e)) - dec(mu(x))||^2"),
        CROSS_ENTROPY("CE = logsumexp(h(mu(x+e))) - h_y(mu(x+e)) of the evaluator's classifier h"),
        DLR("DLR = (max_{j != y} h_j - h_y) / (h_(1) - h_(3)) of the evaluator's classifier logits h(mu(x+e))");

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
    private final int eotSamples;

    PgdAttack(String id, Goal goal, PgdEngine.Config config) {
        this(id, goal, config, 1);
    }

    /** {@code eotSamples}: gradients and objectives averaged over that many encoder calls ({@link Objectives#expectation}). */
    PgdAttack(String id, Goal goal, PgdEngine.Config config, int eotSamples) {
        this(id, goal, new PgdEngine(id, config)::run, eotSamples);
    }

    PgdAttack(String id, Goal goal, ApgdEngine.Config config) {
        this(id, goal, config, 1);
    }

    /** {@code eotSamples}: gradients and objectives averaged over that many encoder calls ({@link Objectives#expectation}). */
    PgdAttack(String id, Goal goal, ApgdEngine.Config config, int eotSamples) {
        this(id, goal, new ApgdEngine(id, config)::run, eotSamples);
    }

    private PgdAttack(String id, Goal goal, Ascent ascent, int eotSamples) {
        this.id = id;
        this.goal = goal;
        this.ascent = ascent;
        this.eotSamples = eotSamples;
    }

    @Override
    public AttackResult run(DifferentiableEncoder model, INDArray x, int[] labels, double budget, long seed) {
        return run(model, null, x, labels, budget, seed);
    }

    @Override
    public AttackResult run(DifferentiableEncoder model, ClassifierHead head, INDArray x, int[] labels, double budget,
                            long seed) {
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
            case CROSS_ENTROPY, DLR -> {
                AttackInputs.checkHead(id, "the " + goal.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                        + " objective attacks the evaluator's classifier on mu", head, labels, Math.toIntExact(x.size(0)));
                LatentLoss loss = goal == Goal.DLR ? HeadLoss.dlr(head, labels) : HeadLoss.crossEntropy(head, labels);
                yield Objectives.latent(model, Math.toIntExact(x.size(0)), loss);
            }
        };
        return ascent.run(Objectives.expectation(objective, eotSamples), x, budget, seed);
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
