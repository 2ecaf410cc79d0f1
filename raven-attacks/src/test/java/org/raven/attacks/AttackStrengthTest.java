package org.raven.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.attack.AttackResult;
import org.raven.testkit.ToyAutoEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a trained model, every gradient attack beats random noise on its own objective, and grows with
 * the budget. (A later test against the real SameDiff VAE belongs to the module that has it.)
 */
class AttackStrengthTest {

    private static final Logger LOG = LoggerFactory.getLogger(AttackStrengthTest.class);
    private static final int D = 16;
    private static final int CLASSES = 3;
    private static final long SEED = 21;

    private static ToyAutoEncoder model;
    private static INDArray x;
    private static int[] labels;

    @BeforeAll
    static void train() {
        model = SyntheticData.trainedModel(D, CLASSES, 3);
        SyntheticData test = SyntheticData.generate(60, D, CLASSES, 0.1, 3);
        x = test.features(DataType.DOUBLE);
        labels = test.labels;
    }

    @Test
    void theModelIsTrained() {
        // classes are far apart in latent space relative to the posterior spread: SKL between classes is large
        int[] t = Targets.choose("test", labels, labels.length, 1);
        double between = Fixtures.mean(GaussianDivergence.symmetricKl(model.encode(x.getRows(t)), model.encode(x)));
        assertThat(between).isGreaterThan(20.0);
        double meanLogVar = model.encode(x).logVar().meanNumber().doubleValue();
        assertThat(meanLogVar).isBetween(-2.5, -1.5); // trained towards the target log-variance -2
    }

    @TestFactory
    Stream<DynamicTest> attacksBeatRandomNoiseAndGrowWithTheBudget() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String norm : List.of("linf", "l2")) {
            // l2 budgets: the linf ones times sqrt(D), the l2 radius of a linf corner
            double scale = norm.equals("linf") ? 1 : Math.sqrt(D);
            double[] budgets = {0.05 * scale, 0.1 * scale, 0.2 * scale};
            for (String id : List.of("latent-skl-pgd", "latent-targeted", "output", "fgsm")) {
                tests.add(DynamicTest.dynamicTest(id + " " + norm, () -> {
                    double previous = Double.NEGATIVE_INFINITY;
                    for (double delta : budgets) {
                        AttackResult attacked = Fixtures.attack(id, norm, 30).run(model, x, labels, delta, SEED);
                        AttackResult noise = Fixtures.attack("random-noise", norm, 1).run(model, x, labels, delta, SEED);
                        double a = Fixtures.mean(attacked.objective());
                        double chance = Fixtures.mean(Fixtures.objectiveOf(id, model, x, labels, noise.adversarial(), SEED));
                        LOG.info("{} {} delta={}: attack {} vs noise {}", id, norm, delta, a, chance);
                        assertThat(a).as("%s beats noise at %s", id, delta).isGreaterThan(chance);
                        assertThat(a).as("%s grows with delta at %s", id, delta).isGreaterThanOrEqualTo(previous);
                        previous = a;
                    }
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void pgdIsMuchStrongerThanNoiseAndFgsmAndRestartsNeverHurt() {
        double delta = 0.1;
        double pgd = Fixtures.mean(Fixtures.attack("latent-skl-pgd", "linf", 30).run(model, x, labels, delta, SEED).objective());
        double fgsm = Fixtures.mean(Fixtures.attack("fgsm", "linf", 1).run(model, x, labels, delta, SEED).objective());
        double noise = Fixtures.mean(Fixtures.attack("random-noise", "linf", 1).run(model, x, labels, delta, SEED).objective());
        LOG.info("delta {}: pgd {} fgsm {} noise {}", delta, pgd, fgsm, noise);
        assertThat(pgd).isGreaterThan(3 * noise).isGreaterThan(fgsm);
        assertThat(fgsm).isGreaterThan(noise);
        // restarts keep the best per example, so with the first restart unchanged they can only help
        AttackResult one = new PgdAttack("latent-skl-pgd", PgdAttack.Goal.SYMMETRIC_KL,
                new PgdEngine.Config(Norm.LINF, 10, null, 0.25, true, 1)).run(model, x, labels, delta, SEED);
        AttackResult three = new PgdAttack("latent-skl-pgd", PgdAttack.Goal.SYMMETRIC_KL,
                new PgdEngine.Config(Norm.LINF, 10, null, 0.25, true, 3)).run(model, x, labels, delta, SEED);
        for (int i = 0; i < labels.length; i++) {
            assertThat(three.objective()[i]).isGreaterThanOrEqualTo(one.objective()[i]);
        }
        assertThat(three.steps()).containsOnly(30);
    }
}
