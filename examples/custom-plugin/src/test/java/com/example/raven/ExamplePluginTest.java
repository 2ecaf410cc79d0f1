package com.example.raven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.PluginContext;
import org.raven.api.attack.Attack;
import org.raven.api.attack.AttackResult;
import org.raven.api.prior.Prior;
import org.raven.testkit.PluginContracts;
import org.raven.testkit.ToyAutoEncoder;

class ExamplePluginTest {

    static final PluginContext CONTEXT = new PluginContext(Path.of("target/no-data"), true);

    @TestFactory
    Stream<DynamicTest> bothPluginsPassTheContract() {
        return PluginContracts.verifyAll(CONTEXT, Map.of());
    }

    @Test
    void scaledNormalKlMatchesTheClosedForm() {
        double scale = 1.7;
        double[][] mu = {{0.3, -1.2}, {0.0, 0.5}};
        double[][] logVar = {{-0.4, 0.2}, {0.0, -1.5}};
        Prior prior = new ScaledNormalPrior().create(new ScaledNormalPrior.Spec(scale, null), CONTEXT);
        SameDiff sd = SameDiff.create();
        INDArray kl = prior.kl(sd, sd.var("mu", Nd4j.createFromArray(mu)), sd.var("logVar", Nd4j.createFromArray(logVar))).eval();
        for (int i = 0; i < 2; i++) {
            double expected = 0;
            for (int j = 0; j < 2; j++) {
                double s2 = Math.exp(logVar[i][j]);
                expected += 0.5 * ((s2 + mu[i][j] * mu[i][j]) / (scale * scale) - 1 + Math.log(scale * scale) - Math.log(s2));
            }
            assertThat(kl.getDouble(i)).isCloseTo(expected, within(1e-12));
        }
    }

    @Test
    void pairKlOfIndependentLatentsIsTheSumOfBoth() {
        Prior prior = new ScaledNormalPrior().create(new ScaledNormalPrior.Spec(0.5, null), CONTEXT);
        SameDiff sd = SameDiff.create();
        var a = sd.var("a", Nd4j.createFromArray(new double[][] {{0.1, 0.2}}));
        var b = sd.var("b", Nd4j.createFromArray(new double[][] {{-0.3, 0.0}}));
        var c = sd.var("c", Nd4j.createFromArray(new double[][] {{1.0, -2.0}}));
        var d = sd.var("d", Nd4j.createFromArray(new double[][] {{0.5, 0.1}}));
        double pair = prior.pairKl(sd, a, b, c, d).eval().getDouble(0);
        double sum = prior.kl(sd, a, b).eval().getDouble(0) + prior.kl(sd, c, d).eval().getDouble(0);
        assertThat(pair).isCloseTo(sum, within(1e-12));
    }

    @Test
    void latentShiftStaysInsideTheBudgetAndBeatsRandomNoise() {
        ToyAutoEncoder model = new ToyAutoEncoder(20, 12, 3, 1);
        SplittableRandom random = new SplittableRandom(2);
        double[] values = new double[16 * 20];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble();
        }
        INDArray x = Nd4j.create(values, new long[] {16, 20}, DataType.DOUBLE);
        Attack attack = new LatentShiftAttack().create(new LatentShiftAttack.Spec(null, null), CONTEXT);
        double budget = 0.1;
        AttackResult result = attack.run(model, x, null, budget, 3);
        INDArray e = result.adversarial().sub(x);
        assertThat(e.amaxNumber().doubleValue()).isLessThanOrEqualTo(budget + 1e-9);
        assertThat(result.adversarial().minNumber().doubleValue()).isGreaterThanOrEqualTo(0.0);
        assertThat(result.adversarial().maxNumber().doubleValue()).isLessThanOrEqualTo(1.0);

        // The same budget spent on random signs moves mu far less than the attack does.
        INDArray noise = Nd4j.create(values.length).reshape(16, 20).castTo(DataType.DOUBLE);
        for (int i = 0; i < values.length; i++) {
            noise.putScalar(i, random.nextBoolean() ? budget : -budget);
        }
        INDArray noisy = Nd4j.math().clipByValue(x.add(noise), 0.0, 1.0);
        INDArray shift = model.encode(noisy).mu().sub(model.encode(x).mu());
        double randomObjective = shift.mul(shift).sum(1).meanNumber().doubleValue();
        double attackObjective = Nd4j.createFromArray(result.objective()).meanNumber().doubleValue();
        assertThat(attackObjective).isGreaterThan(2 * randomObjective);
    }

    @Test
    void zeroBudgetReturnsTheInputUnchanged() {
        ToyAutoEncoder model = new ToyAutoEncoder(8, 4, 2, 1);
        INDArray x = Nd4j.linspace(0.05, 0.95, 24, DataType.DOUBLE).reshape(3, 8);
        AttackResult result = new LatentShiftAttack().create(new LatentShiftAttack.Spec(5, null), CONTEXT).run(model, x, null, 0.0, 1);
        assertThat(result.adversarial()).isEqualTo(x);
        assertThat(result.objective()).containsOnly(0.0);
        assertThat(result.steps()).containsOnly(0);
    }
}
