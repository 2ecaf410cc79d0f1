package org.raven.core.fast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.arch.DenseReluMlp;
import org.raven.api.defence.LatentTarget;
import org.raven.core.JointDensity;
import org.raven.core.LikelihoodSpec;
import org.raven.core.TestModels;
import org.raven.core.Vae;
import org.raven.core.prior.StandardNormalPrior;

class FusedJointDensityTest {

    private static final int ROWS = 5;

    private static Vae model(LikelihoodSpec likelihood, DataType type) {
        return Vae.create(TestModels.mlp(new StandardNormalPrior(), null, likelihood, 1.0), 3, type);
    }

    private static double[] flat(INDArray a) {
        return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    private static double maxRelative(double[] actual, double[] expected) {
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
        }
        return diff / scale;
    }

    /** The fused target against JointDensity on the SameDiff decoder, same weights, unsaturated logits. */
    private static void matchesTheSameDiffDecoder(LikelihoodSpec likelihood, DataType type, double tolerance) {
        Vae vae = model(likelihood, type);
        LatentTarget fused = FusedInference.target(vae);
        assertThat(fused).isInstanceOf(FusedJointDensity.class);
        JointDensity graph = JointDensity.of(vae);
        INDArray x = TestModels.data(7, ROWS, vae.inputSize(), type);
        INDArray z = FusedMlpVaeTest.normal(new SplittableRandom(8), type, 1.5, ROWS, vae.latentDim());
        double[] expectedLogP = graph.logDensity(x, z);
        double[] expectedGrad = flat(graph.gradient(x, z));
        assertThat(maxRelative(fused.logDensity(x, z), expectedLogP)).isLessThan(tolerance);
        assertThat(maxRelative(flat(fused.gradient(x, z)), expectedGrad)).isLessThan(tolerance);
        // the combined call: both from one pass, the same numbers
        double[] logP = new double[ROWS];
        double[] grad = new double[ROWS * vae.latentDim()];
        fused.evaluate(x, flat(z), logP, grad);
        assertThat(maxRelative(logP, expectedLogP)).isLessThan(tolerance);
        assertThat(maxRelative(grad, expectedGrad)).isLessThan(tolerance);
    }

    @Test
    void bernoulliMatchesTheSameDiffJointDensity() {
        matchesTheSameDiffDecoder(LikelihoodSpec.bernoulli(), DataType.DOUBLE, 1e-10);
        matchesTheSameDiffDecoder(LikelihoodSpec.bernoulli(), DataType.FLOAT, 1e-5);
    }

    @Test
    void gaussianMatchesTheSameDiffJointDensity() {
        matchesTheSameDiffDecoder(LikelihoodSpec.gaussian(0.3), DataType.DOUBLE, 1e-10);
        matchesTheSameDiffDecoder(LikelihoodSpec.gaussian(0.3), DataType.FLOAT, 1e-5);
        matchesTheSameDiffDecoder(new LikelihoodSpec(LikelihoodSpec.GAUSSIAN, 0.3, true), DataType.DOUBLE, 1e-10);
    }

    @Test
    void gradientMatchesCentralFiniteDifferences() {
        for (LikelihoodSpec likelihood : new LikelihoodSpec[] {LikelihoodSpec.bernoulli(), LikelihoodSpec.gaussian(0.3)}) {
            Vae vae = model(likelihood, DataType.DOUBLE);
            LatentTarget fused = FusedInference.target(vae);
            INDArray x = TestModels.data(9, ROWS, vae.inputSize(), DataType.DOUBLE);
            double[] z = flat(FusedMlpVaeTest.normal(new SplittableRandom(10), DataType.DOUBLE, 1.5, ROWS, vae.latentDim()));
            double[] logP = new double[ROWS];
            double[] grad = new double[z.length];
            fused.evaluate(x, z, logP, grad);
            double[] numeric = new double[z.length];
            double h = 1e-6;
            double[] up = new double[ROWS];
            double[] down = new double[ROWS];
            double[] ignored = new double[z.length];
            int d = vae.latentDim();
            for (int k = 0; k < z.length; k++) {
                double[] zp = z.clone();
                double[] zm = z.clone();
                zp[k] += h;
                zm[k] -= h;
                fused.evaluate(x, zp, up, ignored);
                fused.evaluate(x, zm, down, ignored);
                numeric[k] = (up[k / d] - down[k / d]) / (2 * h);
            }
            assertThat(maxRelative(grad, numeric)).as(likelihood.type()).isLessThan(1e-7);
        }
    }

    @Test
    void saturatedBernoulliLogitsGiveTheExactDensityWhereJointDensityClampsTheMean() {
        Vae vae = model(LikelihoodSpec.bernoulli(), DataType.DOUBLE);
        int outputLayer = ((DenseReluMlp) vae.config().architecture()).hidden().size();
        vae.weights().get(DenseReluMlp.decoderBias(outputLayer)).putScalar(0, 20.0); // pixel 0: mean about 1 - 2e-9
        LatentTarget fused = FusedInference.target(vae);
        JointDensity graph = JointDensity.of(vae);
        INDArray x = TestModels.data(11, ROWS, vae.inputSize(), DataType.DOUBLE);
        INDArray z = FusedMlpVaeTest.normal(new SplittableRandom(12), DataType.DOUBLE, 1.0, ROWS, vae.latentDim());
        double[] exact = fused.logDensity(x, z);
        double[] clamped = graph.logDensity(x, z);
        double[] m = flat(vae.decoder().decode(z));
        double[] xs = flat(x);
        for (int r = 0; r < ROWS; r++) {
            int i = r * vae.inputSize();
            assertThat(m[i]).isGreaterThan(1 - 1e-6);
            // JointDensity reads pixel 0's mean as 1 - 1e-6; every other pixel is unclamped in both
            double expected = (1 - xs[i]) * (Math.log1p(-m[i]) - Math.log(1e-6)) + xs[i] * (Math.log(m[i]) - Math.log1p(-1e-6));
            assertThat(exact[r] - clamped[r]).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(exact[r] - clamped[r]).isLessThan(-0.06); // (1 - x) >= 0.01 times (-20 - log(1e-6) = -6.2)
        }
    }

    @Test
    void architecturesWithoutAFusedPathUseTheSameDiffDensity() {
        Vae conv = Vae.create(new org.raven.core.VaeConfig(new org.raven.core.arch.ConvArchitecture(
                new org.raven.core.arch.ConvSpec(4, 1, 3)), new StandardNormalPrior(), null, null, 1.0,
                new org.raven.api.data.InputShape(1, 8, 8)), 1);
        assertThat(FusedInference.target(conv)).isInstanceOf(JointDensity.class);
    }

    @Test
    void shapesAreChecked() {
        Vae vae = model(LikelihoodSpec.bernoulli(), DataType.FLOAT);
        LatentTarget fused = FusedInference.target(vae);
        INDArray x = TestModels.data(7, ROWS, vae.inputSize(), DataType.FLOAT);
        assertThatThrownBy(() -> fused.evaluate(x, new double[ROWS * 2], new double[ROWS], new double[ROWS * 2]))
                .hasMessage("z and gradient must hold 5 x 3 values and logDensity 5 (were 10, 10, 5)");
        assertThatThrownBy(() -> fused.evaluate(x.reshape(ROWS * 2, 6), new double[15], new double[ROWS], new double[15]))
                .hasMessage("x must be [batch, 12] (was [10, 6])");
    }
}
