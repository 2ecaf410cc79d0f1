package com.example.raven;

import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.raven.api.PluginContext;
import org.raven.api.Problem;
import org.raven.api.attack.Attack;
import org.raven.api.attack.AttackProvider;
import org.raven.api.attack.AttackResult;
import org.raven.api.attack.AttackSpec;
import org.raven.api.model.DifferentiableEncoder;
import org.raven.api.model.Posterior;

/**
 * {@code {"type": "latent-shift", "steps": 20}}: moves the posterior mean as far as possible, maximising
 * ||mu(x+e) - mu(x)||^2 subject to ||e||_inf <= delta and x+e in [0,1], by projected sign-gradient ascent
 * from a random start. An example of a third-party attack: it needs only raven-api.
 */
public final class LatentShiftAttack implements AttackProvider<LatentShiftAttack.Spec> {

    /**
     * @param steps    gradient steps; default 20, must be >= 1
     * @param stepSize step as a fraction of the budget; default 0.25, must be > 0
     */
    public record Spec(Integer steps, Double stepSize) implements AttackSpec {
        public Spec {
            steps = steps == null ? 20 : steps;
            stepSize = stepSize == null ? 0.25 : stepSize;
        }

        @Override
        public List<Problem> validate() {
            return new Problem.Collector()
                    .check(steps >= 1, "steps", "must be >= 1 (was " + steps + ")")
                    .positive("stepSize", stepSize)
                    .problems();
        }
    }

    @Override
    public String id() {
        return "latent-shift";
    }

    @Override
    public Class<Spec> specType() {
        return Spec.class;
    }

    @Override
    public Spec defaultSpec() {
        return new Spec(null, null);
    }

    @Override
    public String description() {
        return "maximise ||mu(x+e) - mu(x)||^2, L-inf PGD (example third-party attack)";
    }

    @Override
    public Attack create(Spec spec, PluginContext context) {
        return (model, x, labels, budget, seed) -> run(spec, model, x, budget, seed);
    }

    private static AttackResult run(Spec spec, DifferentiableEncoder model, INDArray x, double budget, long seed) {
        int n = (int) x.size(0);
        INDArray clean = model.encode(x).mu();
        INDArray adversarial = x.dup();
        if (budget > 0) {
            SplittableRandom random = new SplittableRandom(seed);
            double[] start = new double[(int) x.length()];
            for (int i = 0; i < start.length; i++) {
                start[i] = budget * (2 * random.nextDouble() - 1);
            }
            adversarial.addi(Nd4j.create(start, x.shape(), x.dataType()));
            project(adversarial, x, budget);
            for (int step = 0; step < spec.steps(); step++) {
                Posterior q = model.encode(adversarial);
                INDArray gradMu = q.mu().sub(clean).muli(2.0);
                INDArray grad = model.inputGradient(adversarial, gradMu, Nd4j.zerosLike(q.logVar()));
                adversarial.addi(Transforms.sign(grad, false).muli(spec.stepSize() * budget));
                project(adversarial, x, budget);
            }
        }
        INDArray shift = model.encode(adversarial).mu().sub(clean);
        INDArray objective = shift.mul(shift).sum(1);
        INDArray norm = Transforms.abs(adversarial.sub(x), false).max(1);
        return new AttackResult(adversarial, objective.toDoubleVector(), norm.toDoubleVector(), steps(n, budget > 0 ? spec.steps() : 0));
    }

    /** Clips x+e back into the L-inf ball around x and into [0, 1]. */
    private static void project(INDArray adversarial, INDArray x, double budget) {
        INDArray e = adversarial.sub(x);
        Transforms.min(Transforms.max(e, -budget, false), budget, false);
        adversarial.assign(x).addi(e);
        Transforms.min(Transforms.max(adversarial, 0.0, false), 1.0, false);
    }

    private static int[] steps(int n, int steps) {
        int[] result = new int[n];
        java.util.Arrays.fill(result, steps);
        return result;
    }
}
