package org.raven.core.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.Problem;
import org.raven.api.data.InputShape;
import org.raven.core.Vae;
import org.raven.core.VaeConfig;
import org.raven.core.prior.StandardNormalPrior;

/**
 * The initial weights' moments against the formulas: under {@code torch} weights and biases are
 * U(-1/sqrt(fanIn), 1/sqrt(fanIn)), mean 0 and variance 1/(3 fanIn); under {@code he} ReLU layers have
 * variance 2/fanIn, linear ones 2/(fanIn + fanOut), biases 0.
 */
class InitTest {

    private static final InputShape SHAPE = new InputShape(1, 16, 16);

    /** Kurtosis minus one of the distribution, for the standard error of a sample variance. */
    private static final double UNIFORM_K = 0.8;
    private static final double NORMAL_K = 2.0;

    private static Map<String, INDArray> mlp(Init.Scheme init) {
        return Vae.create(new VaeConfig(new MlpArchitecture(List.of(256, 64), 32, init), new StandardNormalPrior(), null,
                null, 1.0, SHAPE), 7).weights();
    }

    private static Map<String, INDArray> conv(Init.Scheme init) {
        return Vae.create(new VaeConfig(new ConvArchitecture(16, 2, 8, init), new StandardNormalPrior(), null, null, 1.0,
                SHAPE), 7).weights();
    }

    /** Mean within 5 standard errors of 0, variance within 5 standard errors of {@code variance}. */
    private static void assertMoments(String name, INDArray values, double variance, double excessKurtosisPlus2) {
        double[] v = values.castTo(DataType.DOUBLE).reshape(values.length()).toDoubleVector();
        int n = v.length;
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= n;
        double ss = 0;
        for (double x : v) {
            ss += x * x;
        }
        double var = ss / n;
        assertThat(Math.abs(mean)).as("%s mean (n = %d)", name, n).isLessThan(5 * Math.sqrt(variance / n));
        assertThat(Math.abs(var / variance - 1)).as("%s variance %s vs %s (n = %d)", name, var, variance, n)
                .isLessThan(5 * Math.sqrt(excessKurtosisPlus2 / n));
    }

    private static void assertTorch(String name, INDArray values, long fanIn) {
        double bound = 1 / Math.sqrt(fanIn);
        assertThat(values.amaxNumber().doubleValue()).as(name + " max |value|").isLessThanOrEqualTo(bound * (1 + 1e-6));
        assertMoments(name, values, 1.0 / (3 * fanIn), UNIFORM_K);
    }

    @Test
    void torchMlpWeightsAndBiasesAreUniformInOneOverSqrtFanIn() {
        Map<String, INDArray> w = mlp(Init.Scheme.TORCH);
        // fan-in of each layer: 256 -> 256 -> 64 -> (32, 32); 32 -> 64 -> 256 -> 256
        Map<String, Long> fanIn = Map.of("enc.w0", 256L, "enc.w1", 256L, "enc.mu.w", 64L, "enc.logvar.w", 64L,
                "dec.w0", 32L, "dec.w1", 64L, "dec.w2", 256L);
        fanIn.forEach((name, f) -> {
            assertTorch(name, w.get(name), f);
            String bias = name.replace(".w", ".b");
            assertThat(w.get(bias).amaxNumber().doubleValue()).as(bias + " is not zero").isGreaterThan(0);
            assertThat(w.get(bias).amaxNumber().doubleValue()).as(bias).isLessThanOrEqualTo(1 / Math.sqrt(f) * (1 + 1e-6));
        });
        // the biases pooled, each scaled by sqrt(fanIn): U(-1, 1), variance 1/3
        INDArray pooled = org.nd4j.linalg.factory.Nd4j.concat(0, fanIn.keySet().stream().sorted()
                .map(n -> w.get(n.replace(".w", ".b")).castTo(DataType.DOUBLE).reshape(-1)
                        .mul(Math.sqrt(fanIn.get(n))))
                .toArray(INDArray[]::new));
        assertMoments("pooled biases", pooled, 1.0 / 3, UNIFORM_K);
    }

    @Test
    void heMlpWeightsAreHeAndXavierNormalWithZeroBiases() {
        Map<String, INDArray> w = mlp(Init.Scheme.HE);
        assertMoments("enc.w0", w.get("enc.w0"), 2.0 / 256, NORMAL_K);
        assertMoments("enc.w1", w.get("enc.w1"), 2.0 / 256, NORMAL_K);
        assertMoments("dec.w1", w.get("dec.w1"), 2.0 / 64, NORMAL_K);
        assertMoments("enc.mu.w", w.get("enc.mu.w"), 2.0 / (64 + 32), NORMAL_K);
        assertMoments("dec.w2", w.get("dec.w2"), 2.0 / (256 + 256), NORMAL_K);
        for (String b : List.of("enc.b0", "enc.b1", "enc.mu.b", "enc.logvar.b", "dec.b0", "dec.b1", "dec.b2")) {
            assertThat(w.get(b).amaxNumber().doubleValue()).as(b).isZero();
        }
    }

    @Test
    void torchConvUsesPytorchsFanInsIncludingTransposedConvolutions() {
        Map<String, INDArray> w = conv(Init.Scheme.TORCH);
        // channels 1 -> 16 -> 32 on 16x16 -> 8x8 -> 4x4: features 32 * 16 = 512
        assertTorch("enc.conv1.w", w.get("enc.conv1.w"), 16 * 16);
        assertTorch("enc.mu.w", w.get("enc.mu.w"), 512);
        assertTorch("dec.fc.w", w.get("dec.fc.w"), 8);
        // nn.ConvTranspose2d(32, 16) computes its fan-in from the out channels: 16 x 4 x 4
        assertTorch("dec.deconv1.w", w.get("dec.deconv1.w"), 16 * 16);
        assertTorch("dec.fc.b", w.get("dec.fc.b"), 8);
        assertThat(w.get("enc.conv1.b").amaxNumber().doubleValue()).isGreaterThan(0).isLessThanOrEqualTo(1 / 16.0);
        assertThat(w.get("dec.deconv0.b").amaxNumber().doubleValue()).isGreaterThan(0).isLessThanOrEqualTo(1 / 4.0);
    }

    @Test
    void heConvKeepsItsFanIns() {
        Map<String, INDArray> w = conv(Init.Scheme.HE);
        assertMoments("enc.conv1.w", w.get("enc.conv1.w"), 2.0 / 256, NORMAL_K);
        assertMoments("enc.mu.w", w.get("enc.mu.w"), 2.0 / (512 + 8), NORMAL_K);
        assertMoments("dec.fc.w", w.get("dec.fc.w"), 2.0 / 8, NORMAL_K);
        assertMoments("dec.deconv1.w", w.get("dec.deconv1.w"), 2.0 / (32 * 16), NORMAL_K);
        assertThat(w.get("dec.fc.b").amaxNumber().doubleValue()).isZero();
    }

    @Test
    void theSeedAndTheSchemeDecideTheWeights() {
        assertThat(mlp(Init.Scheme.TORCH).get("enc.w1")).isEqualTo(mlp(Init.Scheme.TORCH).get("enc.w1"));
        assertThat(mlp(Init.Scheme.TORCH).get("enc.w1")).isNotEqualTo(mlp(Init.Scheme.HE).get("enc.w1"));
        Map<String, INDArray> other = Vae.create(new VaeConfig(new MlpArchitecture(List.of(256, 64), 32, Init.Scheme.TORCH),
                new StandardNormalPrior(), null, null, 1.0, SHAPE), 8).weights();
        assertThat(other.get("enc.w1")).isNotEqualTo(mlp(Init.Scheme.TORCH).get("enc.w1"));
    }

    @Test
    void specsDefaultToHeAndRejectUnknownSchemes() {
        assertThat(new MlpSpec(null, null).init()).isEqualTo("he");
        assertThat(new ConvSpec(null, null, null).scheme()).isEqualTo(Init.Scheme.HE);
        assertThat(new MlpSpec(null, null, "torch").scheme()).isEqualTo(Init.Scheme.TORCH);
        assertThat(new MlpSpec(null, null, "xavier").validate())
                .containsExactly(new Problem("init", "unknown initialisation 'xavier'; available: he, torch"));
        assertThat(new ConvSpec(null, null, null, "kaiming").validate())
                .containsExactly(new Problem("init", "unknown initialisation 'kaiming'; available: he, torch"));
    }
}
