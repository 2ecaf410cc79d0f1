package org.raven.attacks;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.attack.Attack;
import org.raven.api.attack.AttackResult;
import org.raven.api.model.AutoEncoder;
import org.raven.api.model.DifferentiableEncoder;
import org.raven.api.model.Posterior;

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
        int n = Math.toIntExact(x.size(0));
        Objective objective = switch (goal) {
            case SYMMETRIC_KL -> {
                Posterior clean = model.encode(x);
                yield new LatentObjective(model, LatentObjective.Kind.SYMMETRIC_KL, Nd.toFlat(clean.mu()),
                        Nd.toFlat(clean.logVar()), n, model.latentDim());
            }
            case TARGETED_KL -> targeted(model, x, labels, seed);
            case OUTPUT -> {
                if (!(model instanceof AutoEncoder ae)) {
                    throw new IllegalArgumentException("attack '" + id + "' needs an " + AutoEncoder.class.getName()
                            + " (an encoder with a decoder), but got " + model.getClass().getName());
                }
                yield new OutputObjective(ae, x);
            }
        };
        if (budget == 0) {
            double[] value = new double[n];
            if (goal == Goal.TARGETED_KL) {
                objective.value(x, value); // -KL(q(z|x) || q(z|x_target)): the targeted objective is not 0 at e = 0
            }
            return new AttackResult(x.dup('c'), value, new double[n], new int[n]);
        }
        return engine.run(objective, x, budget, seed);
    }

    private Objective targeted(DifferentiableEncoder model, INDArray x, int[] labels, long seed) {
        int n = Math.toIntExact(x.size(0));
        int d = model.latentDim();
        int[] target = Targets.choose(id, labels, n, seed);
        Posterior clean = model.encode(x);
        double[] mu = Nd.toFlat(clean.mu());
        double[] logVar = Nd.toFlat(clean.logVar());
        double[] muT = new double[n * d];
        double[] logVarT = new double[n * d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(mu, target[i] * d, muT, i * d, d);
            System.arraycopy(logVar, target[i] * d, logVarT, i * d, d);
        }
        return new LatentObjective(model, LatentObjective.Kind.NEGATIVE_KL_TO_REFERENCE, muT, logVarT, n, d);
    }

    @Override
    public String toString() {
        return id;
    }
}
