package org.raven.core.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.data.InputShape;
import org.raven.core.TestModels;
import org.raven.core.Vae;
import org.raven.core.VaeConfig;
import org.raven.core.noise.GaussianNoise;
import org.raven.core.prior.AdditivePrior;
import org.raven.core.prior.StandardNormalPrior;

class ConvArchitectureTest {

    @Test
    void mnistShapeEncodesAndDecodes() {
        InputShape shape = new InputShape(1, 28, 28);
        ConvArchitecture arch = new ConvArchitecture(new ConvSpec(8, 3, 16));
        assertThat(arch.spatialSizes(shape)).isDeepEqualTo(new int[][] {{28, 28}, {14, 14}, {7, 7}, {3, 3}});
        Vae vae = Vae.create(new VaeConfig(arch, new StandardNormalPrior(), null, null, 1.0, shape), 1);
        INDArray x = TestModels.data(1, 2, 784, DataType.FLOAT);
        assertThat(vae.encode(x).mu().shape()).containsExactly(2, 16);
        assertThat(vae.reconstruct(x).shape()).containsExactly(2, 784);
        assertThat(vae.weights().get("enc.conv0.w").shape()).containsExactly(4, 4, 1, 8);
        assertThat(vae.weights().get("enc.conv2.w").shape()).containsExactly(4, 4, 16, 32);
        assertThat(vae.weights().get("dec.deconv0.w").shape()).containsExactly(4, 4, 1, 8);
        assertThat(vae.weights().get("enc.mu.w").shape()).containsExactly(32 * 9, 16);
    }

    @Test
    void oddShapesAndChannelsWork() {
        InputShape shape = new InputShape(3, 9, 7);
        Vae vae = Vae.create(new VaeConfig(new ConvArchitecture(4, 2, 5), new StandardNormalPrior(), null, null, 1.0, shape), 1);
        INDArray x = TestModels.data(2, 3, shape.size(), DataType.FLOAT);
        assertThat(vae.reconstruct(x).shape()).containsExactly(3, 189);
        assertThat(vae.sample(2, 1).shape()).containsExactly(2, 189);
    }

    @Test
    void tooSmallInputsAreRejectedNamingTheShape() {
        assertThatThrownBy(() -> new ConvArchitecture(8, 3, 4).spatialSizes(new InputShape(1, 4, 4)))
                .hasMessage("conv architecture cannot encode input 1x4x4: layer 3 of 3 (kernel 4, stride 2, padding 1) gets 1x1"
                        + " but needs at least 2x2; use fewer layers or a larger input");
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        InputShape shape = new InputShape(1, 6, 5);
        Vae vae = Vae.create(new VaeConfig(new ConvArchitecture(2, 2, 2), new AdditivePrior(0.5), new GaussianNoise(0.2), null,
                1.0, shape), 3, DataType.DOUBLE);
        INDArray x = TestModels.data(5, 2, 30, DataType.DOUBLE);
        INDArray xn = new GaussianNoise(0.2).augment(x, shape, x.ulike(), new SplittableRandom(1));
        INDArray eps = Vae.gaussian(new SplittableRandom(2), 2, 2, DataType.DOUBLE);
        INDArray epsN = Vae.gaussian(new SplittableRandom(3), 2, 2, DataType.DOUBLE);
        Map<String, INDArray> grads = vae.step(x, xn, eps, epsN).gradients();
        SplittableRandom pick = new SplittableRandom(4);
        for (Map.Entry<String, INDArray> w : vae.weights().entrySet()) {
            INDArray flat = w.getValue().reshape(w.getValue().length());
            INDArray g = grads.get(w.getKey()).reshape(w.getValue().length());
            for (int k = 0; k < 3; k++) {
                long idx = pick.nextLong(flat.length());
                double keep = flat.getDouble(idx);
                double h = 1e-5;
                flat.putScalar(idx, keep + h);
                double plus = vae.step(x, xn, eps, epsN).loss();
                flat.putScalar(idx, keep - h);
                double minus = vae.step(x, xn, eps, epsN).loss();
                flat.putScalar(idx, keep);
                double fd = (plus - minus) / (2 * h);
                assertThat(g.getDouble(idx)).as("d loss / d %s[%d]", w.getKey(), idx).isCloseTo(fd, within(1e-6 + 1e-5 * Math.abs(fd)));
            }
        }
        INDArray gMu = Vae.gaussian(new SplittableRandom(5), 2, 2, DataType.DOUBLE);
        INDArray gx = vae.inputGradient(x, gMu, gMu);
        INDArray probe = x.dup();
        for (int j = 0; j < 30; j += 7) {
            double keep = probe.getDouble(1, j);
            probe.putScalar(1, j, keep + 1e-6);
            var plus = vae.encode(probe);
            probe.putScalar(1, j, keep - 1e-6);
            var minus = vae.encode(probe);
            probe.putScalar(1, j, keep);
            double fd = (plus.mu().add(plus.logVar()).mul(gMu).sumNumber().doubleValue()
                    - minus.mu().add(minus.logVar()).mul(gMu).sumNumber().doubleValue()) / 2e-6;
            assertThat(gx.getDouble(1, j)).isCloseTo(fd, within(1e-7));
        }
    }

    @Test
    void trainsInRavenMode() {
        InputShape shape = new InputShape(1, 8, 8);
        Vae vae = Vae.create(new VaeConfig(new ConvArchitecture(4, 2, 2), new AdditivePrior(0.5), new GaussianNoise(0.2), null,
                1.0, shape), 1);
        var result = new org.raven.core.train.Trainer().fit(vae, TestModels.labeled(3, 96, shape),
                new org.raven.core.TrainingSpec(6, 16, 1e-2, null, null, null, 0.1, null, null, null),
                new org.raven.api.RandomStreams(2), null, null);
        assertThat(result.last().bound()).isGreaterThan(result.epochs().get(0).bound() + 1.0);
        assertThat(result.last().heldOutMse()).isLessThan(result.epochs().get(0).heldOutMse());
    }
}
