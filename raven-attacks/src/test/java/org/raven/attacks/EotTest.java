package org.raven.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.attack.AttackResult;
import org.raven.api.model.DifferentiableEncoder;
import org.raven.api.model.Posterior;
import org.raven.testkit.ToyAutoEncoder;

/** Expectation over transformation: one sample is today's attack; more samples average the gradient's noise away. */
class EotTest {

    /** A randomised defence: Gaussian input noise (its own random stream) before a toy encoder; gradient at the noisy point. */
    static final class NoisyEncoder implements DifferentiableEncoder {
        final ToyAutoEncoder inner;
        final SplittableRandom rng;
        INDArray lastNoisy;

        NoisyEncoder(ToyAutoEncoder inner, long seed) {
            this.inner = inner;
            this.rng = new SplittableRandom(seed);
        }

        @Override
        public int inputSize() {
            return inner.inputSize();
        }

        @Override
        public int latentDim() {
            return inner.latentDim();
        }

        @Override
        public Posterior encode(INDArray x) {
            double[] noise = new double[(int) x.length()];
            for (int i = 0; i < noise.length; i++) {
                noise[i] = 0.3 * (rng.nextDouble() - 0.5);
            }
            lastNoisy = x.add(Nd.fromFlat(noise, x.size(0), x.size(1), x.dataType()));
            return inner.encode(lastNoisy);
        }

        @Override
        public INDArray inputGradient(INDArray x, INDArray gradMu, INDArray gradLogVar) {
            return inner.inputGradient(lastNoisy, gradMu, gradLogVar);
        }
    }

    @Test
    void oneSampleIsTheObjectiveItselfAndTheSameAttack() {
        ToyAutoEncoder model = new ToyAutoEncoder(16, 8, 3, 2);
        Objective o = Objectives.mahalanobisFromClean(model, Fixtures.uniform(4, 16, 3, DataType.DOUBLE));
        assertThat(Objectives.expectation(o, 1)).isSameAs(o);
        INDArray x = Fixtures.uniform(6, 16, 4, DataType.DOUBLE);
        AttackResult before = new ApgdProvider().create(new ApgdSpec("mu", "linf", 10, 1), Fixtures.CONTEXT)
                .run(model, x, null, 0.1, 7);
        AttackResult eot1 = new ApgdProvider().create(new ApgdSpec("mu", "linf", 10, 1, 1), Fixtures.CONTEXT)
                .run(model, x, null, 0.1, 7);
        assertThat(eot1.adversarial()).isEqualTo(before.adversarial());
        assertThat(eot1.objective()).containsExactly(before.objective());
        AttackResult pgd = new LatentSklPgdProvider().create(new LatentSklPgdSpec("linf", 10, null, true, 1),
                Fixtures.CONTEXT).run(model, x, null, 0.1, 7);
        AttackResult pgdEot1 = new LatentSklPgdProvider().create(new LatentSklPgdSpec("linf", 10, null, true, 1, 1),
                Fixtures.CONTEXT).run(model, x, null, 0.1, 7);
        assertThat(pgdEot1.adversarial()).isEqualTo(pgd.adversarial());
        assertThatThrownBy(() -> Objectives.expectation(o, 0)).hasMessage("eotSamples must be >= 1 (was 0)");
        assertThat(new ApgdSpec("mu", null, null, null, 0).validate().toString()).contains("eotSamples - must be >= 1 (was 0)");
    }

    @Test
    void averagingEightSamplesCutsTheGradientVarianceOnAStochasticEncoder() {
        ToyAutoEncoder toy = new ToyAutoEncoder(16, 8, 3, 2);
        INDArray x = Fixtures.uniform(4, 16, 5, DataType.DOUBLE).muli(0.6).addi(0.2);
        INDArray at = x.add(0.05);
        double one = gradientVariance(toy, x, at, 1);
        double eight = gradientVariance(toy, x, at, 8);
        // the variance of a mean of 8 independent draws is 1/8 of one draw's; 1/4 leaves room for sampling error
        assertThat(eight).isLessThan(one / 4).isGreaterThan(one / 20);
    }

    /** Total variance over 60 calls of the gradient estimate with {@code samples} EOT samples. */
    private static double gradientVariance(ToyAutoEncoder toy, INDArray clean, INDArray at, int samples) {
        NoisyEncoder model = new NoisyEncoder(toy, 11);
        // the reference is the noise-free clean posterior; the gradient is taken through the noisy encoder
        Objective o = Objectives.expectation(
                Objectives.latent(model, 4, LatentLoss.mahalanobisTo(Latents.of(toy.encode(clean)))), samples);
        int calls = 60;
        INDArray sum = null;
        INDArray sumSq = null;
        for (int c = 0; c < calls; c++) {
            INDArray g = o.valueAndGradient(at, new double[4]).dup();
            sum = sum == null ? g.dup() : sum.addi(g);
            sumSq = sumSq == null ? g.mul(g) : sumSq.addi(g.mul(g));
        }
        INDArray mean = sum.div(calls);
        return sumSq.div(calls).subi(mean.mul(mean)).sumNumber().doubleValue();
    }
}
