package org.raven.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.attack.Attack;
import org.raven.api.attack.AttackResult;
import org.raven.api.model.DifferentiableEncoder;
import org.raven.api.model.Posterior;
import org.raven.testkit.PluginContracts;
import org.raven.testkit.ToyAutoEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Auto-PGD: its step-size schedule, the exact optimum of linear problems, and strength against PGD. */
class ApgdTest {

    private static final Logger LOG = LoggerFactory.getLogger(ApgdTest.class);

    private static ToyAutoEncoder trained;
    private static INDArray test;
    private static int[] testLabels;

    @BeforeAll
    static void train() {
        trained = SyntheticData.trainedModel(16, 3, 3);
        SyntheticData data = SyntheticData.generate(60, 16, 3, 0.1, 3);
        test = data.features(DataType.DOUBLE);
        testLabels = data.labels;
    }

    // --- the schedule ---

    @Test
    void checkpointsFollowThePapersSchedule() {
        // p = 0.22, 0.41, 0.57, 0.70, 0.80, 0.87, 0.93, 0.99 (increments shrink by 0.03 down to 0.06)
        assertThat(ApgdSchedule.checkpoints(100)).containsExactly(22, 41, 57, 70, 80, 87, 93, 99);
        assertThat(ApgdSchedule.checkpoints(10)).containsExactly(3, 5, 6, 7, 8, 9);
        assertThat(ApgdSchedule.checkpoints(5)).containsExactly(2, 3, 4); // ceil(p N), repeats merged
        assertThat(ApgdSchedule.checkpoints(1)).isEmpty();
        assertThat(ApgdSchedule.checkpoints(1000)).startsWith(220, 410, 570, 700, 800, 870, 930, 990);
    }

    @Test
    void theStepIsHalvedWhereProgressOscillatesOrStallsAndKeptWhereItClimbs() {
        ApgdSchedule s = new ApgdSchedule(4);
        s.start(0.2, new double[] {0, 0, 0, 10});
        for (int t = 1; t <= 22; t++) {
            s.observe(0, t);                        // rises every step
            s.observe(1, t % 2 == 0 ? t : -t);      // rises on 11 of 22 steps: oscillates
            s.observe(2, 0);                        // flat: never rises
            s.observe(3, -100 + t);                 // rises on 21 of 22 steps but stays below its start: stalls
        }
        assertThat(s.checkpoint(0, 22)).isFalse();
        assertThat(s.checkpoint(1, 22)).isTrue();
        assertThat(s.checkpoint(2, 22)).isTrue();
        assertThat(s.checkpoint(3, 22)).as("condition 2 alone").isTrue();
        assertThat(s.eta).containsExactly(0.2, 0.1, 0.1, 0.1);

        // 17 rises in 22 steps is >= 0.75 * 22 (no oscillation); 16 is not
        ApgdSchedule edge = new ApgdSchedule(2);
        edge.start(1.0, new double[] {0, 0});
        for (int t = 1; t <= 22; t++) {
            edge.observe(0, t <= 17 ? t : 0.5);
            edge.observe(1, t <= 16 ? t : 0.5);
        }
        assertThat(edge.checkpoint(0, 22)).isFalse();
        assertThat(edge.checkpoint(1, 22)).isTrue();

        // condition 2 needs two checkpoints without a halving: right after one, a stalled but climbing
        // iterate keeps its step; at the next checkpoint it is halved again
        for (int t = 1; t <= 19; t++) {
            s.observe(3, -100 + t);
        }
        assertThat(s.checkpoint(3, 19)).isFalse();
        for (int t = 1; t <= 16; t++) {
            s.observe(3, -100 + t);
        }
        assertThat(s.checkpoint(3, 16)).isTrue();
        assertThat(s.eta[3]).isEqualTo(0.05);
    }

    // --- exact optima ---

    /** mu = x W + b, logVar = 0. */
    static final class LinearEncoder implements DifferentiableEncoder {
        final INDArray w;
        final INDArray b;

        LinearEncoder(int inputs, int latent, long seed) {
            SplittableRandom rng = new SplittableRandom(seed);
            double[][] wv = new double[inputs][latent];
            for (double[] row : wv) {
                for (int j = 0; j < latent; j++) {
                    row[j] = rng.nextGaussian();
                }
            }
            w = Nd4j.createFromArray(wv);
            b = Nd4j.linspace(-1, 1, latent, DataType.DOUBLE).reshape(1, latent);
        }

        @Override
        public int inputSize() {
            return (int) w.size(0);
        }

        @Override
        public int latentDim() {
            return (int) w.size(1);
        }

        @Override
        public Posterior encode(INDArray x) {
            return new Posterior(x.mmul(w).addiRowVector(b), Nd4j.zeros(DataType.DOUBLE, x.size(0), w.size(1)));
        }

        @Override
        public INDArray inputGradient(INDArray x, INDArray gradMu, INDArray gradLogVar) {
            return gradMu.mmul(w.transpose());
        }
    }

    /** c . mu per example: linear in x with input gradient W c. */
    private static LatentLoss linear(double[] c) {
        return (p, value, gMu, gLogVar) -> {
            for (int i = 0; i < p.n(); i++) {
                value[i] = 0;
                for (int j = 0; j < p.d(); j++) {
                    value[i] += c[j] * p.mu()[i * p.d() + j];
                    if (gMu != null) {
                        gMu[i * p.d() + j] = c[j];
                        gLogVar[i * p.d() + j] = 0;
                    }
                }
            }
        };
    }

    @Test
    void linfReachesTheClosedFormOptimumOfALinearObjectiveInsideTheBox() {
        int n = 6;
        int f = 20;
        LinearEncoder enc = new LinearEncoder(f, 3, 8);
        double[] c = {1.0, -2.0, 0.5};
        INDArray x = Fixtures.uniform(n, f, 12, DataType.DOUBLE); // includes exact 0s and 1s: the box binds
        double delta = 0.1;
        AttackResult r = new ApgdEngine("linear", new ApgdEngine.Config(Norm.LINF, 20, 1))
                .run(Objectives.latent(enc, n, linear(c)), x, delta, 5);
        // maximise (W c) . e over |e_i| <= delta, 0 <= x + e <= 1: e_i = delta sign((W c)_i), clipped by the box
        double[] wc = enc.w.mmul(Nd4j.createFromArray(c).reshape(3, 1)).toDoubleVector();
        double[][] xv = x.toDoubleMatrix();
        double[][] optimum = new double[n][f];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < f; k++) {
                assertThat(Math.abs(wc[k])).as("no flat direction").isGreaterThan(1e-3);
                optimum[i][k] = Math.min(Math.max(xv[i][k] + delta * Math.signum(wc[k]), 0), 1);
            }
        }
        double[] best = new double[n];
        double[] clean = new double[n];
        Objectives.latent(enc, n, linear(c)).value(Nd4j.createFromArray(optimum), best);
        Objectives.latent(enc, n, linear(c)).value(x, clean);
        for (int i = 0; i < n; i++) {
            assertThat(best[i] - clean[i]).as("the box leaves room to gain").isGreaterThan(0.1);
            assertThat(r.objective()[i]).isCloseTo(best[i], within(1e-6 * Math.abs(best[i])));
        }
        double[][] adv = r.adversarial().toDoubleMatrix();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < f; k++) {
                assertThat(adv[i][k]).as("x+e at [%d, %d]", i, k).isCloseTo(optimum[i][k], within(1e-12));
            }
        }
    }

    @Test
    void l2ReachesTheClosedFormOptimumOfALinearObjectiveInsideTheBall() {
        int n = 4;
        int f = 20;
        LinearEncoder enc = new LinearEncoder(f, 3, 9);
        double[] c = {0.3, 1.0, -1.5};
        // x in [0.4, 0.6] and delta 0.05: the box never binds, the optimum is x + delta (W c) / ||W c||
        INDArray x = Fixtures.uniform(n, f, 13, DataType.DOUBLE).muli(0.2).addi(0.4);
        double delta = 0.05;
        AttackResult r = new ApgdEngine("linear", new ApgdEngine.Config(Norm.L2, 50, 1))
                .run(Objectives.latent(enc, n, linear(c)), x, delta, 6);
        INDArray wc = enc.w.mmul(Nd4j.createFromArray(c).reshape(3, 1)).reshape(1, f);
        double gain = delta * wc.norm2Number().doubleValue();
        double[] clean = new double[n];
        Objectives.latent(enc, n, linear(c)).value(x, clean);
        for (int i = 0; i < n; i++) {
            double best = clean[i] + gain;
            assertThat(r.objective()[i]).isCloseTo(best, within(1e-6 * Math.abs(best)));
            assertThat(r.norm()[i]).isCloseTo(delta, within(1e-9));
        }
    }

    // --- the attack ---

    @TestFactory
    Stream<DynamicTest> everyObjectiveMeetsThePluginContractInBothNorms() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String objective : ApgdSpec.OBJECTIVES) {
            for (String norm : List.of("linf", "l2")) {
                ApgdSpec spec = new ApgdSpec(objective, norm, 20, 2);
                tests.add(DynamicTest.dynamicTest(objective + " " + norm, () -> PluginContracts.verifyAttack(
                        "apgd " + objective, new ApgdProvider().createFrom(spec, Fixtures.CONTEXT), spec)));
            }
        }
        return tests.stream();
    }

    @Test
    void eachObjectiveNamesWhatItReports() {
        assertThat(new ApgdProvider().create(new ApgdSpec("skl", null, null, null), Fixtures.CONTEXT).objective())
                .isEqualTo(GaussianDivergence.SKL_LABEL);
        assertThat(new ApgdProvider().create(new ApgdSpec("mu", null, null, null), Fixtures.CONTEXT).objective())
                .isEqualTo("sum_j (mu_j(x+e) - mu_j(x))^2 / exp(logVar_j(x))");
        assertThat(new ApgdProvider().create(new ApgdSpec("targeted", null, null, null), Fixtures.CONTEXT).objective())
                .isEqualTo("-KL(q(z|x+e) || q(z|x_target))");
        assertThat(new ApgdProvider().create(new ApgdSpec("output", null, null, null), Fixtures.CONTEXT).objective())
                .isEqualTo("||dec(mu(x+e)) - dec(mu(x))||^2");
        assertThatThrownBy(() -> new ApgdEngine.Config(Norm.LINF, 0, 1)).hasMessage("steps and restarts must be >= 1 (were 0, 1)");
    }

    @Test
    void restartsNeverHurtAndCountTheirSteps() {
        double delta = 0.1;
        AttackResult one = new PgdAttack("apgd", PgdAttack.Goal.SYMMETRIC_KL, new ApgdEngine.Config(Norm.LINF, 10, 1))
                .run(trained, test, testLabels, delta, 4);
        AttackResult three = new PgdAttack("apgd", PgdAttack.Goal.SYMMETRIC_KL, new ApgdEngine.Config(Norm.LINF, 10, 3))
                .run(trained, test, testLabels, delta, 4);
        for (int i = 0; i < testLabels.length; i++) {
            assertThat(three.objective()[i]).isGreaterThanOrEqualTo(one.objective()[i]);
        }
        assertThat(three.steps()).containsOnly(30);
    }

    /**
     * The latent SKL on the trained toy model, APGD against PGD (its default step 2.5 delta / steps, random
     * start) with the same steps and budget, mean over 60 examples, for 5 seeds, 3 budgets and both norms.
     */
    @TestFactory
    Stream<DynamicTest> apgdIsNeverWeakerThanPgdOnTheLatentSkl() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String norm : List.of("linf", "l2")) {
            double scale = norm.equals("linf") ? 1 : 4; // l2: the linf budgets times sqrt(16)
            for (double delta : new double[] {0.05 * scale, 0.1 * scale, 0.2 * scale}) {
                tests.add(DynamicTest.dynamicTest(norm + " delta=" + delta, () -> {
                    for (long seed = 1; seed <= 5; seed++) {
                        Attack pgd = new LatentSklPgdProvider().create(new LatentSklPgdSpec(norm, 30, null, true, 1), Fixtures.CONTEXT);
                        Attack apgd = new ApgdProvider().create(new ApgdSpec("skl", norm, 30, 1), Fixtures.CONTEXT);
                        double[] p = pgd.run(trained, test, testLabels, delta, seed).objective();
                        double[] a = apgd.run(trained, test, testLabels, delta, seed).objective();
                        int better = 0;
                        int worse = 0;
                        for (int i = 0; i < p.length; i++) {
                            better += a[i] > p[i] * (1 + 1e-9) ? 1 : 0;
                            worse += a[i] < p[i] * (1 - 1e-9) ? 1 : 0;
                        }
                        LOG.info("{} delta={} seed={}: mean SKL apgd {} pgd {}; apgd higher on {}, lower on {} of {}",
                                norm, delta, seed, Fixtures.mean(a), Fixtures.mean(p), better, worse, p.length);
                        assertThat(Fixtures.mean(a)).as("%s delta %s seed %s", norm, delta, seed)
                                .isGreaterThanOrEqualTo(Fixtures.mean(p));
                    }
                }));
            }
        }
        return tests.stream();
    }
}
