package org.raven.core.fast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.data.InputShape;
import org.raven.api.model.Posterior;
import org.raven.api.prior.ClosedFormPrior;
import org.raven.core.LikelihoodSpec;
import org.raven.core.Vae;
import org.raven.core.VaeConfig;
import org.raven.core.arch.MlpArchitecture;
import org.raven.core.noise.GaussianNoise;
import org.raven.core.prior.AdditivePrior;
import org.raven.core.prior.PairedGaussianPrior;
import org.raven.core.prior.StandardNormalPrior;

/** The fused path against the SameDiff model with the same parameters, eps and x': same loss and gradients. */
class FusedVsSameDiffTest {

    static final InputShape SHAPE = new InputShape(1, 2, 3);
    static final List<Integer> HIDDEN = List.of(5, 4);
    static final int LATENT = 3;
    static final int BATCH = 5;

    record Case(String name, LikelihoodSpec likelihood, ClosedFormPrior prior, boolean pair, double beta) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        Stream<Case> cs = Stream.of(
                new Case("vae bernoulli", LikelihoodSpec.bernoulli(), new StandardNormalPrior(), false, 1.0),
                new Case("vae gaussian 0.2 beta 2", LikelihoodSpec.gaussian(0.2), new StandardNormalPrior(), false, 2.0),
                new Case("noisy-vae bernoulli", LikelihoodSpec.bernoulli(), new StandardNormalPrior(), true, 1.0),
                new Case("raven paired 0.8", LikelihoodSpec.bernoulli(), new PairedGaussianPrior(0.8), true, 1.0),
                new Case("raven additive 0.5 gaussian beta 0.5", LikelihoodSpec.gaussian(1.0), new AdditivePrior(0.5), true, 0.5));
        return cs.flatMap(c -> Stream.of(Arguments.of(c, DataType.FLOAT), Arguments.of(c, DataType.DOUBLE)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void sameLossAndGradientsAsTheSameDiffModel(Case c, DataType t) {
        VaeConfig config = new VaeConfig(new MlpArchitecture(HIDDEN, LATENT), c.prior(),
                c.pair() ? new GaussianNoise(0.2) : null, c.likelihood(), c.beta(), SHAPE);
        Vae sd = Vae.create(config, 5, t);
        // move the weights away from the zero-bias initialisation so every term matters
        Map<String, INDArray> p = FusedMlpVaeTest.randomParameters(new MlpLayout(SHAPE.size(), HIDDEN, LATENT), 3);
        p.forEach((name, v) -> sd.weights().get(name).assign(v));
        FusedMlpVae fused = new FusedMlpVae(new FusedMlpVae.Config(new MlpLayout(SHAPE.size(), HIDDEN, LATENT),
                c.likelihood(), c.prior(), c.beta(), AdamSettings.of(1e-3), t));
        fused.setParameters(sd.weights());

        SplittableRandom r = new SplittableRandom(9);
        INDArray x = FusedMlpVaeTest.uniform(r, t, BATCH, SHAPE.size());
        INDArray eps = FusedMlpVaeTest.normal(r, t, 1, BATCH, LATENT);
        INDArray xn = c.pair() ? FusedMlpVaeTest.uniform(r, t, BATCH, SHAPE.size()) : null;
        INDArray epsN = c.pair() ? FusedMlpVaeTest.normal(r, t, 1, BATCH, LATENT) : null;

        Vae.Step want = sd.step(x, xn, eps, epsN);
        double got = fused.computeGradients(x, eps, xn, epsN);
        double tol = t == DataType.FLOAT ? 1e-5 : 1e-10;
        assertThat(Math.abs(got - want.loss())).as("loss %s vs %s", got, want.loss()).isLessThanOrEqualTo(tol * Math.abs(want.loss()));
        FusedMlpVae.Terms terms = fused.lastTerms();
        assertThat(terms.loss()).isEqualTo(got);
        assertThat(terms.recon()).isCloseTo(want.recon(), org.assertj.core.data.Offset.offset(tol * (1 + Math.abs(want.recon()))));
        assertThat(terms.reconNoisy()).isCloseTo(want.reconNoisy(), org.assertj.core.data.Offset.offset(tol * (1 + Math.abs(want.reconNoisy()))));
        assertThat(terms.kl()).isCloseTo(want.kl(), org.assertj.core.data.Offset.offset(tol * (1 + Math.abs(want.kl()))));
        Map<String, INDArray> g = fused.gradients();
        assertThat(g.keySet()).containsExactlyInAnyOrderElementsOf(want.gradients().keySet());
        for (String name : g.keySet()) {
            INDArray a = g.get(name).castTo(DataType.DOUBLE);
            INDArray b = want.gradients().get(name).castTo(DataType.DOUBLE).reshape(a.shape());
            double scale = b.amaxNumber().doubleValue();
            double diff = a.sub(b).amaxNumber().doubleValue();
            assertThat(diff).as("gradient %s: max diff %s, max |g| %s", name, diff, scale).isLessThanOrEqualTo(tol * scale + 1e-12);
        }
    }

    @Test
    void trainingStepsMatchTheSameDiffModelWithTheTrainersAdamAndStateConvertsBothWays() {
        ClosedFormPrior prior = new AdditivePrior(0.7);
        VaeConfig config = new VaeConfig(new MlpArchitecture(HIDDEN, LATENT), prior, new GaussianNoise(0.2),
                LikelihoodSpec.bernoulli(), 1.0, SHAPE);
        Vae sd = Vae.create(config, 5, DataType.DOUBLE);
        MlpLayout layout = new MlpLayout(SHAPE.size(), HIDDEN, LATENT);
        FusedMlpVae fused = new FusedMlpVae(new FusedMlpVae.Config(layout, LikelihoodSpec.bernoulli(), prior, 1.0,
                new AdamSettings(0.01, org.raven.core.train.Adam.BETA1, org.raven.core.train.Adam.BETA2,
                        org.raven.core.train.Adam.EPSILON), DataType.DOUBLE));
        fused.setParameters(sd.weights());
        org.raven.core.train.Adam adam = new org.raven.core.train.Adam(sd.weights());
        SplittableRandom r = new SplittableRandom(19);
        for (int step = 0; step < 3; step++) {
            INDArray x = FusedMlpVaeTest.uniform(r, DataType.DOUBLE, BATCH, SHAPE.size());
            INDArray eps = FusedMlpVaeTest.normal(r, DataType.DOUBLE, 1, BATCH, LATENT);
            INDArray xn = FusedMlpVaeTest.uniform(r, DataType.DOUBLE, BATCH, SHAPE.size());
            INDArray epsN = FusedMlpVaeTest.normal(r, DataType.DOUBLE, 1, BATCH, LATENT);
            Vae.Step want = sd.step(x, xn, eps, epsN);
            adam.update(sd.weights(), want.gradients(), 0.01);
            double got = fused.trainStep(x, eps, xn, epsN);
            assertThat(got).isCloseTo(want.loss(), org.assertj.core.data.Offset.offset(1e-6 * Math.abs(want.loss()))); // float Adam
        }
        Map<String, INDArray> mine = fused.parameters();
        for (String name : mine.keySet()) {
            double diff = mine.get(name).sub(sd.weights().get(name).reshape(mine.get(name).shape())).amaxNumber().doubleValue();
            assertThat(diff).as(name).isLessThan(1e-6); // the trainer's Adam works in float
        }
        AdamState state = fused.adamState();
        assertThat(state.step()).isEqualTo(adam.step());
        for (String name : mine.keySet()) {
            float[] m = state.firstMoments().get(name);
            float[] v = state.secondMoments().get(name);
            for (int i = 0; i < m.length; i++) {
                assertThat(m[i]).isCloseTo(adam.firstMoments().get(name)[i], org.assertj.core.data.Offset.offset(1e-6f * (1 + Math.abs(m[i]))));
                assertThat(v[i]).isCloseTo(adam.secondMoments().get(name)[i], org.assertj.core.data.Offset.offset(1e-6f * (1 + Math.abs(v[i]))));
            }
        }
        AdamState back = AdamState.fromArrays(layout, adam.step(), adam.firstMoments(), adam.secondMoments());
        assertThat(back.step()).isEqualTo(3);
        assertThat(back.m().get("dec.w0").shape()).containsExactly(LATENT, 4);
        assertThat(back.m().get("dec.w0").reshape(LATENT * 4).toFloatVector()).containsExactly(adam.firstMoments().get("dec.w0"));
        assertThat(back.v().get("enc.mu.b").toFloatVector()).containsExactly(adam.secondMoments().get("enc.mu.b"));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(org.raven.core.arch.Init.Scheme.class)
    void initialisedEqualsTheSameDiffModelsInitialWeights(org.raven.core.arch.Init.Scheme init) {
        VaeConfig config = new VaeConfig(new MlpArchitecture(HIDDEN, LATENT, init), new StandardNormalPrior(), null,
                LikelihoodSpec.bernoulli(), 1.0, SHAPE);
        Vae sd = Vae.create(config, 123);
        FusedMlpVae fused = FusedMlpVae.initialised(new FusedMlpVae.Config(new MlpLayout(SHAPE.size(), HIDDEN, LATENT),
                LikelihoodSpec.bernoulli(), new StandardNormalPrior(), 1.0, AdamSettings.of(1e-3), DataType.FLOAT), 123, init);
        Map<String, INDArray> mine = fused.parameters();
        assertThat(mine.keySet()).containsExactlyInAnyOrderElementsOf(sd.weightNames());
        for (String name : mine.keySet()) {
            assertThat(mine.get(name)).as(name).isEqualTo(sd.weights().get(name).reshape(mine.get(name).shape()));
        }
    }

    @Test
    void encoderAndInputGradientMatchTheSameDiffModel() {
        VaeConfig config = new VaeConfig(new MlpArchitecture(HIDDEN, LATENT), new StandardNormalPrior(), null,
                LikelihoodSpec.bernoulli(), 1.0, SHAPE);
        Vae sd = Vae.create(config, 17, DataType.DOUBLE);
        Map<String, INDArray> p = FusedMlpVaeTest.randomParameters(new MlpLayout(SHAPE.size(), HIDDEN, LATENT), 4);
        p.forEach((name, v) -> sd.weights().get(name).assign(v));
        FastMlpEncoder enc = new FastMlpEncoder(new MlpLayout(SHAPE.size(), HIDDEN, LATENT), sd.weights(), DataType.DOUBLE);
        SplittableRandom r = new SplittableRandom(5);
        INDArray x = FusedMlpVaeTest.uniform(r, DataType.DOUBLE, BATCH, SHAPE.size());
        INDArray gMu = FusedMlpVaeTest.normal(r, DataType.DOUBLE, 1, BATCH, LATENT);
        INDArray gLv = FusedMlpVaeTest.normal(r, DataType.DOUBLE, 1, BATCH, LATENT);
        Posterior a = enc.encode(x);
        Posterior b = sd.encode(x);
        assertThat(a.mu().sub(b.mu()).amaxNumber().doubleValue()).isLessThan(1e-12);
        assertThat(a.logVar().sub(b.logVar()).amaxNumber().doubleValue()).isLessThan(1e-12);
        INDArray ga = enc.inputGradient(x, gMu, gLv);
        INDArray gb = sd.inputGradient(x, gMu, gLv);
        assertThat(ga.sub(gb).amaxNumber().doubleValue()).isLessThan(1e-12 * (1 + gb.amaxNumber().doubleValue()));
    }
}
