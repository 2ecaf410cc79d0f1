package org.raven.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.attack.Attack;
import org.raven.api.attack.AttackResult;
import org.raven.api.model.AutoEncoder;
import org.raven.testkit.ToyAutoEncoder;

/** Every attack, norm, budget and precision on two random (untrained) models: the constraints hold exactly. */
class AttackConstraintsTest {

    private static final int N = 12;
    private static final int D = 16;
    private static final double TOL = 1e-6;

    @TestFactory
    Stream<DynamicTest> perturbationsStayInTheBallAndTheBox() {
        List<DynamicTest> tests = new ArrayList<>();
        for (DataType type : List.of(DataType.DOUBLE, DataType.FLOAT)) {
          for (long seed : new long[] {11, 5}) {
            AutoEncoder model = new ToyAutoEncoder(D, 8, 3, seed);
            String name = "toy model " + seed;
            INDArray x = Fixtures.uniform(N, D, 5, type);
            int[] labels = Fixtures.labels(N, 3);
            for (String id : Fixtures.ALL) {
                for (String norm : List.of("linf", "l2")) {
                    double[] budgets = norm.equals("linf") ? new double[] {0.03, 0.1, 0.5} : new double[] {0.1, 0.5, 2.0};
                    for (double delta : budgets) {
                        tests.add(DynamicTest.dynamicTest(name + " " + id + " " + norm + " delta=" + delta + " " + type,
                                () -> checkConstraints(model, x, labels, id, norm, delta)));
                    }
                    tests.add(DynamicTest.dynamicTest(name + " " + id + " " + norm + " delta=0 " + type,
                            () -> checkZeroBudget(model, x, labels, id, norm)));
                }
            }
          }
        }
        return tests.stream();
    }

    private static void checkConstraints(AutoEncoder model, INDArray x, int[] labels, String id, String norm,
                                         double delta) {
        Attack attack = Fixtures.attack(id, norm, 10);
        INDArray before = x.dup();
        AttackResult r = attack.run(model, x, labels, delta, 7L);
        assertThat(x).as("x is not modified").isEqualTo(before);
        assertThat(r.adversarial().shape()).containsExactly(N, D);
        assertThat(r.adversarial().dataType()).isEqualTo(x.dataType());
        double[][] adv = r.adversarial().toDoubleMatrix();
        double[][] clean = x.toDoubleMatrix();
        for (int i = 0; i < N; i++) {
            double linf = 0;
            double sq = 0;
            for (int j = 0; j < D; j++) {
                assertThat(adv[i][j]).as("x+e in [0, 1]").isBetween(0.0, 1.0);
                double e = adv[i][j] - clean[i][j];
                linf = Math.max(linf, Math.abs(e));
                sq += e * e;
            }
            double n = norm.equals("linf") ? linf : Math.sqrt(sq);
            assertThat(n).as("||e|| <= delta, example %d", i).isLessThanOrEqualTo(delta + TOL);
            assertThat(r.norm()[i]).as("reported norm").isCloseTo(n, within(TOL));
        }
        assertThat(r.objective()).hasSize(N);
        for (double v : r.objective()) {
            assertThat(v).isFinite();
        }
        int expectedSteps = switch (id) {
            case "random-noise" -> 0;
            case "fgsm" -> 1;
            default -> 10;
        };
        assertThat(r.steps()).hasSize(N).containsOnly(expectedSteps);
        // the reported objective is the objective at the returned point (the best iterate was kept, not the last)
        double[] again = Fixtures.objectiveOf(id, model, x, labels, r.adversarial(), 7L);
        double tol = x.dataType() == DataType.DOUBLE ? 1e-9 : 1e-4;
        for (int i = 0; i < N; i++) {
            assertThat(r.objective()[i]).isCloseTo(again[i], within(tol * (1 + Math.abs(again[i]))));
        }
        // same seed, same result; another seed, another result
        AttackResult same = attack.run(model, x, labels, delta, 7L);
        assertThat(same.adversarial()).isEqualTo(r.adversarial());
        assertThat(same.objective()).containsExactly(r.objective());
        AttackResult other = attack.run(model, x, labels, delta, 8L);
        assertThat(other.adversarial()).isNotEqualTo(r.adversarial());
    }

    private static void checkZeroBudget(AutoEncoder model, INDArray x, int[] labels, String id, String norm) {
        AttackResult r = Fixtures.attack(id, norm, 10).run(model, x, labels, 0.0, 7L);
        assertThat(r.adversarial()).isEqualTo(x).isNotSameAs(x);
        assertThat(r.norm()).containsOnly(0.0);
        assertThat(r.steps()).containsOnly(0);
        if (id.equals("latent-targeted") || id.equals("apgd-targeted")) {
            // documented: the targeted objective at e = 0 is -KL(q(z|x) || q(z|x_target)), not 0
            double[] expected = Fixtures.negKlToTarget(model, x, labels, x, 7L);
            for (int i = 0; i < N; i++) {
                assertThat(r.objective()[i]).isCloseTo(expected[i], within(1e-5 * (1 + Math.abs(expected[i]))))
                        .isNegative();
            }
        } else {
            assertThat(r.objective()).containsOnly(0.0);
        }
    }
}
