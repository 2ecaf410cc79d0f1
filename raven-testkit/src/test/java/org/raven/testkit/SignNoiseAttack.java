package org.raven.testkit;

import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.BasePlugin;
import org.raven.api.PluginContext;
import org.raven.api.Problem;
import org.raven.api.attack.Attack;
import org.raven.api.attack.AttackProvider;
import org.raven.api.attack.AttackResult;
import org.raven.api.attack.AttackSpec;
import org.raven.api.model.DifferentiableEncoder;

/**
 * A well-behaved test attack, {@code test-sign-noise} (registered in src/test/resources/META-INF/services):
 * random signs from the seed, at the budget's full linf length or scaled to its l2 length, clipped to
 * [0, 1]. Its nested subclasses each break one rule of the contract and are not registered.
 */
public class SignNoiseAttack extends BasePlugin<SignNoiseAttack.Spec, Attack> implements AttackProvider<SignNoiseAttack.Spec> {

    /** @param norm "linf" (default) or "l2" */
    public record Spec(String norm) implements AttackSpec {
        public Spec {
            norm = norm == null ? "linf" : norm;
        }

        @Override
        public List<Problem> validate() {
            return new Problem.Collector().check(List.of("linf", "l2").contains(norm), "norm",
                    "must be one of [l2, linf] (was '" + norm + "')").problems();
        }
    }

    public SignNoiseAttack() {
        super("test-sign-noise", Spec.class, new Spec(null), "random signs within the budget (test only)");
    }

    @Override
    public Attack create(Spec spec, PluginContext context) {
        boolean l2 = spec.norm().equals("l2");
        return (model, x, labels, budget, seed) -> run(model, x, budget, seed, l2);
    }

    AttackResult run(DifferentiableEncoder model, INDArray x, double budget, long seed, boolean l2) {
        int n = (int) x.size(0);
        int f = (int) x.size(1);
        double length = l2 ? budget / Math.sqrt(f) : budget;
        SplittableRandom random = new SplittableRandom(seed(seed));
        double[][] adv = x.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[] norms = new double[n];
        for (int i = 0; i < n; i++) {
            double acc = 0;
            for (int j = 0; j < f; j++) {
                double clean = adv[i][j];
                adv[i][j] = clip(clean + step(length, budget) * (random.nextBoolean() ? 1 : -1));
                double e = Math.abs(adv[i][j] - clean);
                acc = l2 ? acc + e * e : Math.max(acc, e);
            }
            norms[i] = reportedNorm(l2 ? Math.sqrt(acc) : acc);
        }
        double[] objective = new double[n];
        return new AttackResult(Nd4j.createFromArray(adv).castTo(x.dataType()), objective, norms, new int[n]);
    }

    long seed(long seed) {
        return seed;
    }

    double step(double length, double budget) {
        return length;
    }

    double clip(double value) {
        return Math.min(Math.max(value, 0.0), 1.0);
    }

    double reportedNorm(double measured) {
        return measured;
    }

    /** Steps twice the budget. */
    static final class OverBudget extends SignNoiseAttack {
        @Override
        double step(double length, double budget) {
            return 2 * length;
        }
    }

    /** Forgets to clip to [0, 1]. */
    static final class OutOfBox extends SignNoiseAttack {
        @Override
        double clip(double value) {
            return value;
        }
    }

    /** Draws from a stream that moves on with every call: the same seed gives another result. */
    static final class Nondeterministic extends SignNoiseAttack {
        private long calls;

        @Override
        long seed(long seed) {
            return seed + calls++;
        }
    }

    /** Moves the input even at budget 0. */
    static final class MovesAtBudgetZero extends SignNoiseAttack {
        @Override
        double step(double length, double budget) {
            return budget == 0 ? 0.01 : length;
        }
    }

    /** Reports a norm that is not that of its perturbation. */
    static final class MisreportsTheNorm extends SignNoiseAttack {
        @Override
        double reportedNorm(double measured) {
            return 0.0;
        }
    }
}
