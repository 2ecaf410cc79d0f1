package org.raven.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.raven.api.data.LabeledData;
import org.raven.api.model.Posterior;
import org.raven.api.noise.NoiseModel;
import org.raven.api.prior.ClosedFormPrior;
import org.raven.api.prior.Prior;
import org.raven.core.arch.MlpArchitecture;
import org.raven.core.noise.GaussianNoise;
import org.raven.core.prior.AdditivePrior;
import org.raven.core.prior.GaussianKl;
import org.raven.core.prior.PairedGaussianPrior;
import org.raven.core.prior.StandardNormalPrior;

/** The model's bounds against hand-computed formulas, and its gradients against finite differences (double). */
class VaeTest {

    private static final DataType D = DataType.DOUBLE;
    private static final int B = 4;
    private final INDArray x = TestModels.data(1, B, 12, D);
    private final INDArray xNoisy = new GaussianNoise(0.2).augment(x, TestModels.SHAPE, x.ulike(), new SplittableRandom(4));
    private final INDArray eps = Vae.gaussian(new SplittableRandom(2), B, 3, D);
    private final INDArray epsNoisy = Vae.gaussian(new SplittableRandom(3), B, 3, D);

    private static Vae model(Prior prior, NoiseModel noise, LikelihoodSpec likelihood, double beta) {
        return Vae.create(TestModels.mlp(prior, noise, likelihood, beta), 17, D);
    }

    /** log p(x|z) per row, Bernoulli, from decoder means. */
    private static double[] bernoulli(INDArray x, INDArray mean) {
        double[] out = new double[(int) x.size(0)];
        for (int i = 0; i < out.length; i++) {
            for (int j = 0; j < x.size(1); j++) {
                double p = mean.getDouble(i, j);
                double v = x.getDouble(i, j);
                out[i] += v * Math.log(p) + (1 - v) * Math.log(1 - p);
            }
        }
        return out;
    }

    private static INDArray sampleZ(Posterior q, INDArray eps) {
        return q.mu().add(org.nd4j.linalg.ops.transforms.Transforms.exp(q.logVar().mul(0.5)).mul(eps));
    }

    private static double[] row(INDArray a, int i) {
        return a.getRow(i).dup().data().asDouble();
    }

    @Test
    void vaeModeLossIsTheStandardElbo() {
        Vae vae = model(new StandardNormalPrior(), null, null, 1.0);
        assertThat(vae.mode()).isEqualTo(Vae.Mode.VAE);
        Vae.Step step = vae.step(x, null, eps, null);
        Posterior q = vae.encode(x);
        double[] recon = bernoulli(x, vae.decoder().decode(sampleZ(q, eps)));
        double elbo = 0;
        double kl = 0;
        for (int i = 0; i < B; i++) {
            double k = GaussianKl.standard(row(q.mu(), i), row(q.logVar(), i));
            elbo += recon[i] - k;
            kl += k;
        }
        assertThat(step.loss()).isCloseTo(-elbo / B, within(1e-9));
        assertThat(step.kl()).isCloseTo(kl / B, within(1e-9));
        assertThat(step.reconNoisy()).isEqualTo(0.0);
    }

    @Test
    void pairedModesGiveThePairBoundWithBeta() {
        for (ClosedFormPrior prior : List.<ClosedFormPrior>of(new AdditivePrior(0.5), new PairedGaussianPrior(0.9), new StandardNormalPrior())) {
            Vae vae = model(prior, new GaussianNoise(0.2), null, 0.5);
            assertThat(vae.mode()).isEqualTo(prior.paired() ? Vae.Mode.RAVEN : Vae.Mode.NOISY_VAE);
            Vae.Step step = vae.step(x, xNoisy, eps, epsNoisy);
            Posterior q = vae.encode(x);
            Posterior qn = vae.encode(xNoisy);
            double[] recon = bernoulli(x, vae.decoder().decode(sampleZ(q, eps)));
            double[] reconN = bernoulli(xNoisy, vae.decoder().decode(sampleZ(qn, epsNoisy)));
            double objective = 0;
            for (int i = 0; i < B; i++) {
                double kl = prior.pairKl(row(q.mu(), i), row(q.logVar(), i), row(qn.mu(), i), row(qn.logVar(), i));
                objective += recon[i] + reconN[i] - 0.5 * kl;
            }
            assertThat(step.loss()).as(prior.toString()).isCloseTo(-objective / B, within(1e-9));
        }
    }

    @Test
    void theLossIsTheMeanOverRowsForAnyBatchSizeIncludingOne() {
        Vae vae = model(new AdditivePrior(0.5), new GaussianNoise(0.2), null, 1.0);
        double sum = 0;
        for (int i = 0; i < 3; i++) {
            sum += vae.step(rows(x, i, i + 1), rows(xNoisy, i, i + 1), rows(eps, i, i + 1), rows(epsNoisy, i, i + 1)).loss();
        }
        double three = vae.step(rows(x, 0, 3), rows(xNoisy, 0, 3), rows(eps, 0, 3), rows(epsNoisy, 0, 3)).loss();
        assertThat(three).isCloseTo(sum / 3, within(1e-9));
    }

    private static INDArray rows(INDArray a, int from, int to) {
        return a.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup();
    }

    @Test
    void rhoZeroIsTheSumOfTwoElbos() {
        Vae paired = model(new PairedGaussianPrior(0.0), new GaussianNoise(0.2), null, 1.0);
        Vae plain = model(new StandardNormalPrior(), null, null, 1.0);
        double pairLoss = paired.step(x, xNoisy, eps, epsNoisy).loss();
        double sum = plain.step(x, null, eps, null).loss() + plain.step(xNoisy, null, epsNoisy, null).loss();
        assertThat(pairLoss).isCloseTo(sum, within(1e-9));
    }

    @Test
    void gaussianLikelihoodIsTheNormalLogDensity() {
        Vae vae = model(new StandardNormalPrior(), null, LikelihoodSpec.gaussian(0.3), 1.0);
        Vae.Step step = vae.step(x, null, eps, null);
        INDArray mean = vae.decoder().decode(sampleZ(vae.encode(x), eps));
        double recon = 0;
        for (int i = 0; i < B; i++) {
            for (int j = 0; j < 12; j++) {
                double r = x.getDouble(i, j) - mean.getDouble(i, j);
                recon += -0.5 * (r * r / 0.3 + Math.log(2 * Math.PI * 0.3));
            }
        }
        assertThat(step.recon()).isCloseTo(recon / B, within(1e-9));
    }

    @Test
    void gradientsOfTheFullLossMatchFiniteDifferences() {
        record Case(Prior prior, NoiseModel noise, LikelihoodSpec likelihood) {
        }
        List<Case> cases = List.of(
                new Case(new StandardNormalPrior(), null, LikelihoodSpec.bernoulli()),
                new Case(new AdditivePrior(0.5), new GaussianNoise(0.2), LikelihoodSpec.bernoulli()),
                new Case(new StandardNormalPrior(), new GaussianNoise(0.2), LikelihoodSpec.gaussian(0.5)),
                new Case(new PairedGaussianPrior(0.8), new GaussianNoise(0.2), new LikelihoodSpec("gaussian", 0.5, true)));
        for (Case c : cases) {
            Vae vae = model(c.prior(), c.noise(), c.likelihood(), 0.7);
            Map<String, INDArray> grads = vae.step(x, xNoisy, eps, epsNoisy).gradients();
            if (c.likelihood().isGaussian() && c.likelihood().learnVariance()) {
                assertThat(grads).containsKey("lik.logvar");
            }
            SplittableRandom pick = new SplittableRandom(5);
            int checked = 0;
            for (Map.Entry<String, INDArray> w : vae.weights().entrySet()) {
                INDArray flat = w.getValue().reshape(w.getValue().length());
                INDArray g = grads.get(w.getKey()).reshape(w.getValue().length());
                for (int k = 0; k < 3; k++) {
                    long idx = pick.nextLong(flat.length());
                    double keep = flat.getDouble(idx);
                    double h = 1e-5;
                    flat.putScalar(idx, keep + h);
                    double plus = vae.step(x, xNoisy, eps, epsNoisy).loss();
                    flat.putScalar(idx, keep - h);
                    double minus = vae.step(x, xNoisy, eps, epsNoisy).loss();
                    flat.putScalar(idx, keep);
                    double fd = (plus - minus) / (2 * h);
                    assertThat(g.getDouble(idx)).as("%s: d loss / d %s[%d]", vae.mode(), w.getKey(), idx)
                            .isCloseTo(fd, within(1e-6 + 1e-5 * Math.abs(fd)));
                    checked++;
                }
            }
            assertThat(checked).isGreaterThanOrEqualTo(42);
        }
    }

    @Test
    void inputGradientIsTheVectorJacobianProduct() {
        Vae vae = model(new AdditivePrior(0.5), new GaussianNoise(0.2), null, 1.0);
        INDArray gMu = Vae.gaussian(new SplittableRandom(8), B, 3, D);
        INDArray gLogVar = Vae.gaussian(new SplittableRandom(9), B, 3, D);
        INDArray g = vae.inputGradient(x, gMu, gLogVar);
        assertThat(g.shape()).containsExactly(B, 12);
        INDArray probe = x.dup();
        double h = 1e-6;
        for (int i = 0; i < B; i++) {
            for (int j = 0; j < 12; j++) {
                double keep = probe.getDouble(i, j);
                probe.putScalar(i, j, keep + h);
                double plus = objective(vae.encode(probe), gMu, gLogVar);
                probe.putScalar(i, j, keep - h);
                double minus = objective(vae.encode(probe), gMu, gLogVar);
                probe.putScalar(i, j, keep);
                assertThat(g.getDouble(i, j)).isCloseTo((plus - minus) / (2 * h), within(1e-7));
            }
        }
        // Float inputs come back as float.
        assertThat(vae.inputGradient(x.castTo(DataType.FLOAT), gMu, gLogVar).dataType()).isEqualTo(DataType.FLOAT);
    }

    private static double objective(Posterior q, INDArray gMu, INDArray gLogVar) {
        return q.mu().mul(gMu).sumNumber().doubleValue() + q.logVar().mul(gLogVar).sumNumber().doubleValue();
    }

    @Test
    void latentGradientMatchesFiniteDifferences() {
        Vae vae = model(new StandardNormalPrior(), null, null, 1.0);
        INDArray z = Vae.gaussian(new SplittableRandom(10), 2, 3, D);
        INDArray gOut = Vae.gaussian(new SplittableRandom(11), 2, 12, D);
        INDArray g = vae.decoder().latentGradient(z, gOut);
        double h = 1e-6;
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                double keep = z.getDouble(i, j);
                z.putScalar(i, j, keep + h);
                double plus = vae.decoder().decode(z).mul(gOut).sumNumber().doubleValue();
                z.putScalar(i, j, keep - h);
                double minus = vae.decoder().decode(z).mul(gOut).sumNumber().doubleValue();
                z.putScalar(i, j, keep);
                assertThat(g.getDouble(i, j)).isCloseTo((plus - minus) / (2 * h), within(1e-8));
            }
        }
        INDArray means = vae.sample(5, 1);
        assertThat(means.minNumber().doubleValue()).isGreaterThan(0.0);
        assertThat(means.maxNumber().doubleValue()).isLessThan(1.0);
        assertThat(vae.sample(5, 1)).isEqualTo(means);
    }

    @Test
    void encodeSplitsLargeBatchesWithoutChangingResults() {
        Vae vae = model(new StandardNormalPrior(), null, null, 1.0);
        INDArray big = TestModels.data(3, 1030, 12, D);
        Posterior all = vae.encode(big);
        Posterior tail = vae.encode(big.get(NDArrayIndex.interval(1020, 1030), NDArrayIndex.all()));
        assertThat(all.mu().shape()).containsExactly(1030, 3);
        assertThat(all.mu().get(NDArrayIndex.interval(1020, 1030), NDArrayIndex.all()).equalsWithEps(tail.mu(), 1e-12)).isTrue();
        assertThat(vae.reconstruct(big).shape()).containsExactly(1030, 12);
    }

    @Test
    void initialisationIsDeterministicFromTheSeed() {
        VaeConfig config = TestModels.mlp(new StandardNormalPrior(), null, null, 1.0);
        Vae a = Vae.create(config, 5);
        Vae b = Vae.create(config, 5);
        Vae c = Vae.create(config, 6);
        assertThat(a.weightNames()).containsExactlyInAnyOrder("enc.w0", "enc.b0", "enc.w1", "enc.b1", "enc.mu.w", "enc.mu.b",
                "enc.logvar.w", "enc.logvar.b", "dec.w0", "dec.b0", "dec.w1", "dec.b1", "dec.w2", "dec.b2");
        assertThat(a.weights().get("enc.w0").shape()).containsExactly(12, 7);
        assertThat(a.weights().get("dec.w2").shape()).containsExactly(7, 12);
        assertThat(a.weights().get("enc.b0").shape()).containsExactly(7);
        for (String name : a.weightNames()) {
            assertThat(a.weights().get(name)).isEqualTo(b.weights().get(name));
        }
        assertThat(a.weights().get("enc.w0")).isNotEqualTo(c.weights().get("enc.w0"));
        // He init: std sqrt(2 / 12) for the first layer.
        assertThat(Vae.create(new VaeConfig(new MlpArchitecture(List.of(2000), 3), new StandardNormalPrior(), null, null, 1,
                TestModels.SHAPE), 1).weights().get("enc.w0").stdNumber().doubleValue()).isCloseTo(Math.sqrt(2.0 / 12), within(0.01));
    }

    @Test
    void updatesToTheWeightsAreSeenByEveryGraph() {
        Vae vae = model(new StandardNormalPrior(), null, null, 1.0);
        INDArray before = vae.encode(x).mu().dup();
        INDArray gradBefore = vae.inputGradient(x, before, before);
        vae.weights().get("enc.mu.b").addi(1.0);
        assertThat(vae.encode(x).mu().sub(before).meanNumber().doubleValue()).isCloseTo(1.0, within(1e-12));
        INDArray decodedBefore = vae.decoder().decode(before);
        vae.weights().get("dec.b2").addi(1.0);
        assertThat(vae.decoder().decode(before)).isNotEqualTo(decodedBefore);
        vae.weights().get("enc.w0").muli(2.0);
        assertThat(vae.inputGradient(x, before, before)).isNotEqualTo(gradBefore);
    }

    @Test
    void evaluateReportsTheBoundAndItsTerms() {
        Vae vae = model(new AdditivePrior(0.5), new GaussianNoise(0.2), null, 1.0);
        LabeledData data = TestModels.labeled(4, 10, TestModels.SHAPE);
        Evaluation clean = vae.evaluate(data, null, 3);
        Posterior q = vae.encode(data.features());
        double kl = 0;
        for (int i = 0; i < 10; i++) {
            kl += GaussianKl.standard(row(q.mu().castTo(D), i), row(q.logVar().castTo(D), i));
        }
        assertThat(clean.kl()).isCloseTo(kl / 10, within(1e-9));
        assertThat(clean.bound()).isCloseTo(clean.recon() - clean.kl(), within(1e-12));
        assertThat(clean.reconNoisy()).isEqualTo(0.0);
        assertThat(clean.examples()).isEqualTo(10);
        INDArray diff = vae.reconstruct(data.features()).castTo(D).sub(data.features().castTo(D));
        assertThat(clean.reconstructionMse()).isCloseTo(diff.mul(diff).meanNumber().doubleValue(), within(1e-12));
        Evaluation pairs = vae.evaluate(data, new GaussianNoise(0.2), 3);
        assertThat(pairs.bound()).isCloseTo(pairs.recon() + pairs.reconNoisy() - pairs.kl(), within(1e-12));
        assertThat(pairs.kl()).isGreaterThan(clean.kl());
        assertThat(vae.evaluate(data, new GaussianNoise(0.2), 3)).isEqualTo(pairs);
    }

    @Test
    void saveAndLoadRestoreTheModel(@TempDir Path dir) throws Exception {
        VaeConfig config = TestModels.mlp(new StandardNormalPrior(), null, null, 1.0);
        Vae vae = Vae.create(config, 3);
        vae.weights().get("enc.b0").addi(0.25);
        Path file = dir.resolve("model.bin");
        vae.save(file);
        Vae loaded = Vae.load(file, config);
        assertThat(loaded.encode(x).mu()).isEqualTo(vae.encode(x).mu());
        VaeConfig other = new VaeConfig(new MlpArchitecture(List.of(6, 5), 3), new StandardNormalPrior(), null, null, 1.0,
                TestModels.SHAPE);
        assertThatThrownBy(() -> Vae.load(file, other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ": weight 'dec.b1' has shape [7] but the model config expects [6]");
        java.nio.file.Files.write(dir.resolve("junk.bin"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> Vae.load(dir.resolve("junk.bin"), config))
                .hasMessage(dir.resolve("junk.bin") + ": not a RAVEN weight file (bad magic at offset 0)");
        try (var files = java.nio.file.Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("junk.bin", "model.bin");
        }
    }

    @Test
    void modeFollowsFromPriorAndNoise() {
        assertThat(Vae.Mode.of(new StandardNormalPrior(), null)).isEqualTo(Vae.Mode.VAE);
        assertThat(Vae.Mode.of(new AdditivePrior(1), null)).isEqualTo(Vae.Mode.VAE);
        assertThat(Vae.Mode.of(new StandardNormalPrior(), new GaussianNoise(0.1))).isEqualTo(Vae.Mode.NOISY_VAE);
        assertThat(Vae.Mode.of(new PairedGaussianPrior(0.5), new GaussianNoise(0.1))).isEqualTo(Vae.Mode.RAVEN);
        assertThatThrownBy(() -> TestModels.mlp(new StandardNormalPrior(), null, null, 0.0)).hasMessage("beta must be > 0 (was 0.0)");
        assertThatThrownBy(() -> model(new StandardNormalPrior(), new GaussianNoise(0.1), null, 1.0).step(x, null, eps, null))
                .hasMessage("mode NOISY_VAE needs xNoisy and epsNoisy");
    }

    @Test
    void theFusedInferenceViewMatchesTheGraph() {
        Vae vae = Vae.create(TestModels.mlp(new AdditivePrior(0.5), new GaussianNoise(0.2), null, 1.0), 5);
        var view = org.raven.core.fast.FusedInference.view(vae);
        assertThat(view).isNotSameAs(vae);
        INDArray big = TestModels.data(3, 1030, 12, DataType.FLOAT); // more than one chunk
        Posterior fast = view.encode(big);
        Posterior graph = vae.encode(big);
        assertThat(fast.mu().sub(graph.mu()).amaxNumber().doubleValue()).isLessThan(1e-5);
        assertThat(fast.logVar().sub(graph.logVar()).amaxNumber().doubleValue()).isLessThan(1e-5);
        INDArray xb = big.get(NDArrayIndex.interval(0, 7), NDArrayIndex.all()).dup();
        INDArray gMu = TestModels.data(4, 7, vae.latentDim(), DataType.FLOAT);
        INDArray gLogVar = TestModels.data(5, 7, vae.latentDim(), DataType.FLOAT);
        INDArray expected = vae.inputGradient(xb, gMu, gLogVar);
        view.encode(xb);
        INDArray actual = view.inputGradient(xb, gMu, gLogVar);
        double scale = expected.amaxNumber().doubleValue();
        assertThat(actual.sub(expected).amaxNumber().doubleValue() / scale).isLessThan(1e-5);
    }

    @Test
    void architecturesWithoutAFusedPathInferWithTheGraph() {
        Vae conv = Vae.create(new VaeConfig(new org.raven.core.arch.ConvArchitecture(new org.raven.core.arch.ConvSpec(4, 1, 3)),
                new StandardNormalPrior(), null, null, 1.0, new org.raven.api.data.InputShape(1, 8, 8)), 1);
        assertThat(org.raven.core.fast.FusedInference.layout(conv)).isEmpty();
        assertThat(org.raven.core.fast.FusedInference.view(conv)).isSameAs(conv);
    }
}
