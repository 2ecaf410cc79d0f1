package org.raven.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.PluginContext;
import org.raven.api.attack.Attack;
import org.raven.api.attack.AttackResult;
import org.raven.api.model.DifferentiableEncoder;

/** The README's opening example, verbatim between the markers. */
class ReadmeExampleTest {

    static final class MyEncoder implements DifferentiableEncoder {
        private final HandWrittenEncoderTest.SmallEncoder inner = new HandWrittenEncoderTest.SmallEncoder();

        @Override
        public int inputSize() {
            return inner.inputSize();
        }

        @Override
        public int latentDim() {
            return inner.latentDim();
        }

        @Override
        public org.raven.api.model.Posterior encode(INDArray x) {
            return inner.encode(x);
        }

        @Override
        public INDArray inputGradient(INDArray x, INDArray gradMu, INDArray gradLogVar) {
            return inner.inputGradient(x, gradMu, gradLogVar);
        }
    }

    @Test
    void readmeExample() {
        INDArray x = Nd4j.linspace(0.05, 0.95, 4 * 16, DataType.DOUBLE).reshape(4, 16);
        // README begin
        DifferentiableEncoder encoder = new MyEncoder();  // yours: encode -> Posterior(mu, logVar), inputGradient = VJP
        Attack attack = new LatentSklPgdProvider().create(LatentSklPgdSpec.defaults(), PluginContext.fromEnvironment());
        AttackResult result = attack.run(encoder, x, null, 0.1, 42L);  // x: [batch, inputSize] in [0, 1], linf budget 0.1
        INDArray xAdv = result.adversarial();  // ||xAdv - x||_inf <= 0.1 and 0 <= xAdv <= 1
        double[] skl = result.objective();     // SKL(q(z|xAdv), q(z|x)) per example
        // README end
        assertThat(xAdv.shape()).containsExactly(4L, 16L);
        assertThat(skl).hasSize(4);
        for (double v : skl) {
            assertThat(v).isPositive();
        }
    }
}
