package org.raven.attacks;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.RandomStreams;
import org.raven.api.attack.Attack;
import org.raven.api.attack.AttackResult;
import org.raven.api.model.DifferentiableEncoder;

/**
 * {@code random-noise}: x + e clipped to [0, 1], e uniform per pixel in [-delta, delta] (linf) or a
 * uniform direction of length delta (l2). Its objective is the latent SKL, as for the untargeted
 * latent attacks, so it is the chance level they must beat.
 */
final class RandomNoiseAttack implements Attack {

    static final String ID = "random-noise";

    private final Norm norm;

    RandomNoiseAttack(Norm norm) {
        this.norm = norm;
    }

    @Override
    public AttackResult run(DifferentiableEncoder model, INDArray x, int[] labels, double budget, long seed) {
        AttackInputs.check(ID, model, x, budget);
        int n = Math.toIntExact(x.size(0));
        if (budget == 0) {
            return new AttackResult(x.dup('c'), new double[n], new double[n], new int[n]);
        }
        double[] e = Perturbations.sample(norm, n, x.size(1), budget, true, new RandomStreams(seed).stream("noise"));
        INDArray adv = Perturbations.project(norm, x, Nd.fromFlat(e, n, x.size(1), x.dataType()).addi(x), budget);
        double[] value = new double[n];
        Objectives.symmetricKlFromClean(model, x).value(adv, value);
        return new AttackResult(adv, value, norm.rowNorms(adv.sub(x)), new int[n]);
    }

    @Override
    public String objective() {
        return GaussianDivergence.SKL_LABEL;
    }
}
