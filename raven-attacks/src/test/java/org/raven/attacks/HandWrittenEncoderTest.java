package org.raven.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.raven.api.PluginContext;
import org.raven.api.attack.Attack;
import org.raven.api.attack.AttackProvider;
import org.raven.api.attack.AttackResult;
import org.raven.api.model.DifferentiableEncoder;
import org.raven.api.model.Posterior;

/**
 * The module needs nothing but a {@link DifferentiableEncoder}: here one written in a few lines,
 * found through the public service interface only, as a user outside this package would.
 */
class HandWrittenEncoderTest {

    /** mu = tanh(x A), logVar = x B - 1: its VJP is two matrix products. */
    static final class SmallEncoder implements DifferentiableEncoder {
        private final INDArray a = Nd4j.linspace(-1, 1, 16 * 2, DataType.DOUBLE).reshape(16, 2);
        private final INDArray b = Nd4j.linspace(0.5, -0.5, 16 * 2, DataType.DOUBLE).reshape(16, 2).muli(0.3);

        @Override
        public int inputSize() {
            return 16;
        }

        @Override
        public int latentDim() {
            return 2;
        }

        @Override
        public Posterior encode(INDArray x) {
            return new Posterior(Transforms.tanh(x.mmul(a)), x.mmul(b).subi(1));
        }

        @Override
        public INDArray inputGradient(INDArray x, INDArray gradMu, INDArray gradLogVar) {
            INDArray t = Transforms.tanh(x.mmul(a));
            INDArray gPre = gradMu.mul(t.mul(t).rsubi(1));
            return gPre.mmul(a.transpose()).addi(gradLogVar.mmul(b.transpose()));
        }
    }

    @Test
    void latentSklPgdRunsOnAnEncoderDefinedHere() {
        @SuppressWarnings("rawtypes")
        AttackProvider provider = ServiceLoader.load(AttackProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.id().equals("latent-skl-pgd")).findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        Attack attack = (Attack) provider.create(provider.defaultSpec(), new PluginContext(Path.of("."), true));
        DifferentiableEncoder encoder = new SmallEncoder();
        INDArray x = Nd4j.linspace(0.05, 0.95, 5 * 16, DataType.DOUBLE).reshape(5, 16);

        AttackResult result = attack.run(encoder, x, null, 0.1, 42);

        double[] noise = GaussianDivergence.symmetricKl(
                encoder.encode(Transforms.min(Transforms.max(x.add(0.1), 0), 1)), encoder.encode(x));
        for (int i = 0; i < 5; i++) {
            assertThat(result.norm()[i]).isLessThanOrEqualTo(0.1 + 1e-9);
            assertThat(result.objective()[i]).isGreaterThan(noise[i]).isGreaterThan(0.01);
        }
        assertThat(result.steps()).containsOnly(50);
    }
}
