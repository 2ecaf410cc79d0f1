package org.raven.defences;

import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.raven.api.BasePlugin;
import org.raven.api.PluginContext;
import org.raven.api.Problem;
import org.raven.api.attack.Attack;
import org.raven.api.defence.InputTransform;
import org.raven.api.defence.TrainingDefence;
import org.raven.api.defence.TrainingDefenceProvider;
import org.raven.api.defence.TrainingDefenceSpec;
import org.raven.api.model.DifferentiableEncoder;
import org.raven.attacks.LatentSklPgdProvider;
import org.raven.attacks.LatentSklPgdSpec;

/**
 * {@code adversarial-training}: each training batch is attacked with a few steps of latent PGD (the symmetric KL
 * between q(z|x+e) and q(z|x), raven-attacks' {@code latent-skl-pgd}) against the current encoder, within the
 * budget, and the model is trained on the result: the first {@code round(attacked * batch)} rows of each (shuffled)
 * batch are replaced by their adversarial copies, the rest stay clean. Only the inputs change, so the model trains on
 * whichever engine it would without the defence (the fused one for an mlp), with the attack's cost on top.
 */
public final class AdversarialTraining extends BasePlugin<AdversarialTraining.Spec, TrainingDefence>
        implements TrainingDefenceProvider<AdversarialTraining.Spec> {

    /**
     * @param budget      perturbation budget; default 0.1, > 0
     * @param norm        {@code linf} (default) or {@code l2}
     * @param steps       PGD steps per batch; default 5, >= 1
     * @param stepSize    PGD step size; default null: {@code 2.5 budget / steps}
     * @param randomStart start from a uniform random point of the ball; default true
     * @param attacked    fraction of each batch replaced by adversarial inputs; default 0.5, in (0, 1]
     */
    public record Spec(Double budget, String norm, Integer steps, Double stepSize, Boolean randomStart, Double attacked)
            implements TrainingDefenceSpec {
        public Spec {
            budget = budget == null ? 0.1 : budget;
            norm = norm == null ? "linf" : norm;
            steps = steps == null ? 5 : steps;
            randomStart = randomStart == null ? Boolean.TRUE : randomStart;
            attacked = attacked == null ? 0.5 : attacked;
        }

        LatentSklPgdSpec attack() {
            return new LatentSklPgdSpec(norm, steps, stepSize, randomStart, 1);
        }

        @Override
        public List<Problem> validate() {
            Problem.Collector c = new Problem.Collector()
                    .positive("budget", budget)
                    .check(!budget.isInfinite(), "budget", "must be finite (was " + budget + ")")
                    .check(attacked > 0 && attacked <= 1, "attacked", "must be in (0.0, 1.0] (was " + attacked + ")");
            attack().validate().forEach(p -> c.add(p.path(), p.message())); // norm, steps, stepSize: same keys here
            return c.problems();
        }
    }

    /** The transform: a fixed attack, its budget and the attacked share of each batch. */
    record Transform(Attack attack, double budget, double attacked, Spec spec) implements InputTransform {
        @Override
        public INDArray transform(DifferentiableEncoder model, INDArray x, SplittableRandom random) {
            int n = (int) x.size(0);
            int k = (int) Math.round(attacked * n);
            long seed = random.nextLong();
            if (k == 0) {
                return x;
            }
            INDArray head = k == n ? x : x.get(NDArrayIndex.interval(0, k), NDArrayIndex.all()).dup();
            INDArray adversarial = attack.run(model, head, null, budget, seed).adversarial().castTo(x.dataType());
            if (k == n) {
                return adversarial;
            }
            INDArray out = x.dup();
            out.get(NDArrayIndex.interval(0, k), NDArrayIndex.all()).assign(adversarial);
            return out;
        }

        @Override
        public String toString() {
            return "adversarial-training" + spec;
        }
    }

    public AdversarialTraining() {
        super("adversarial-training", Spec.class, new Spec(null, null, null, null, null, null),
                "train on latent-SKL PGD examples against the current encoder (a share of each batch), within a budget");
    }

    @Override
    public TrainingDefence create(Spec spec, PluginContext context) {
        Attack attack = new LatentSklPgdProvider().create(spec.attack(), context);
        return new Transform(attack, spec.budget(), spec.attacked(), spec);
    }
}
