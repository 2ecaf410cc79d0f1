package com.example.raven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.PluginContext;
import org.raven.api.PluginException;
import org.raven.api.Problem;
import org.raven.api.RandomStreams;
import org.raven.api.data.InputShape;
import org.raven.api.data.LabeledData;
import org.raven.api.prior.ClosedFormPrior;
import org.raven.api.prior.Prior;
import org.raven.core.LikelihoodSpec;
import org.raven.core.TrainingSpec;
import org.raven.core.Vae;
import org.raven.core.VaeConfig;
import org.raven.core.arch.MlpArchitecture;
import org.raven.core.fast.AdamSettings;
import org.raven.core.fast.FusedMlpVae;
import org.raven.core.fast.MlpLayout;
import org.raven.core.noise.GaussianNoise;
import org.raven.core.train.Trainer;
import org.raven.core.train.TrainingResult;

/**
 * The third-party prior on raven-core's engines: it declares {@link ClosedFormPrior}, so it trains on the fused
 * engine, which must compute what the SameDiff engine computes from its SameDiff form.
 */
class ScaledNormalTrainingTest {

    static final PluginContext CONTEXT = new PluginContext(Path.of("target/no-data"), true);
    static final InputShape SHAPE = new InputShape(1, 2, 3);
    static final List<Integer> HIDDEN = List.of(5, 4);
    static final int LATENT = 3;
    static final int BATCH = 5;

    static Prior prior(ScaledNormalPrior.Spec spec) {
        return new ScaledNormalPrior().createFor(spec, LATENT, CONTEXT);
    }

    static Stream<Arguments> cases() {
        return Stream.of(new ScaledNormalPrior.Spec(1.7, null), new ScaledNormalPrior.Spec(null, List.of(0.5, 1.0, 3.0)))
                .flatMap(spec -> Stream.of(true, false).flatMap(pair -> Stream.of(DataType.FLOAT, DataType.DOUBLE)
                        .map(t -> Arguments.of(spec, pair, t))));
    }

    static INDArray random(SplittableRandom r, DataType t, int rows, int cols, boolean gaussian, double scale) {
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = scale * (gaussian ? r.nextGaussian() : r.nextDouble());
        }
        return Nd4j.create(v, new long[] {rows, cols}, DataType.DOUBLE).castTo(t);
    }

    /** The tolerance of raven-core's FusedVsSameDiffTest: 1e-5 (float) or 1e-10 (double), relative. */
    @ParameterizedTest(name = "{0} pair={1} {2}")
    @MethodSource("cases")
    void theFusedEngineComputesWhatTheSameDiffEngineDoes(ScaledNormalPrior.Spec spec, boolean pair, DataType t) {
        Prior prior = prior(spec);
        assertThat(prior).isInstanceOf(ClosedFormPrior.class);
        VaeConfig config = new VaeConfig(new MlpArchitecture(HIDDEN, LATENT), prior, pair ? new GaussianNoise(0.2) : null,
                LikelihoodSpec.bernoulli(), 1.0, SHAPE);
        Vae sd = Vae.create(config, 5, t);
        SplittableRandom r = new SplittableRandom(3);
        // move the weights away from the zero-bias initialisation so every term matters
        sd.weights().values().forEach(w -> w.addi(random(r, t, 1, (int) w.length(), true, 0.3).reshape(w.shape())));
        MlpLayout layout = new MlpLayout(SHAPE.size(), HIDDEN, LATENT);
        FusedMlpVae fused = new FusedMlpVae(new FusedMlpVae.Config(layout, LikelihoodSpec.bernoulli(), (ClosedFormPrior) prior,
                1.0, AdamSettings.of(1e-3), t));
        fused.setParameters(sd.weights());

        INDArray x = random(r, t, BATCH, SHAPE.size(), false, 1);
        INDArray eps = random(r, t, BATCH, LATENT, true, 1);
        INDArray xn = pair ? random(r, t, BATCH, SHAPE.size(), false, 1) : null;
        INDArray epsN = pair ? random(r, t, BATCH, LATENT, true, 1) : null;
        Vae.Step want = sd.step(x, xn, eps, epsN);
        double got = fused.computeGradients(x, eps, xn, epsN);
        double tol = t == DataType.FLOAT ? 1e-5 : 1e-10;
        assertThat(Math.abs(got - want.loss())).as("loss %s vs %s", got, want.loss()).isLessThanOrEqualTo(tol * Math.abs(want.loss()));
        assertThat(Math.abs(fused.lastTerms().kl() - want.kl())).as("kl").isLessThanOrEqualTo(tol * (1 + Math.abs(want.kl())));
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

    static LabeledData data(int n) {
        INDArray x = random(new SplittableRandom(11), DataType.FLOAT, n, SHAPE.size(), false, 1);
        return new LabeledData(x, new int[n], SHAPE, 1);
    }

    static VaeConfig noisyConfig() {
        return new VaeConfig(new MlpArchitecture(HIDDEN, LATENT), prior(new ScaledNormalPrior.Spec(1.5, null)),
                new GaussianNoise(0.2), null, 1.0, SHAPE);
    }

    static TrainingSpec training(int epochs) {
        return new TrainingSpec(epochs, 16, 1e-2, null, null, null, 0.1, null, null, null);
    }

    @Test
    void theTrainerPicksTheFusedEngineAndReportsIt() {
        TrainingResult result = new Trainer().fit(Vae.create(noisyConfig(), 1), data(60), training(1), new RandomStreams(2), null, null);
        assertThat(result.engine()).isEqualTo("fused");
        TrainingSpec sameDiff = new TrainingSpec(1, 16, 1e-2, null, null, null, 0.1, null, null, TrainingSpec.SAMEDIFF);
        assertThat(new Trainer().fit(Vae.create(noisyConfig(), 1), data(60), sameDiff, new RandomStreams(2), null, null).engine())
                .isEqualTo("samediff");
    }

    /** The prior has no toString (Object's changes per instance), yet a "killed" run resumes exactly. */
    @Test
    void aRunResumesFromItsCheckpointsWithAPriorWithoutToString(@TempDir Path dir) {
        Prior a = noisyConfig().prior();
        Prior b = noisyConfig().prior();
        assertThat(a.toString()).isNotEqualTo(b.toString());
        LabeledData data = data(60);
        Vae uninterrupted = Vae.create(noisyConfig(), 1);
        new Trainer().fit(uninterrupted, data, training(3), new RandomStreams(4), null, null);

        new Trainer().fit(Vae.create(noisyConfig(), 1), data, training(1), new RandomStreams(4), dir, null); // killed after 1
        Vae resumed = Vae.create(noisyConfig(), 1); // a new process: new prior instance
        TrainingResult rest = new Trainer().fit(resumed, data, training(3), new RandomStreams(4), dir, null);
        assertThat(rest.resumedFrom()).isEqualTo(1);
        assertThat(rest.epochs()).hasSize(3);
        for (String name : uninterrupted.weightNames()) {
            assertThat(resumed.weights().get(name)).as(name).isEqualTo(uninterrupted.weights().get(name));
        }
        // a prior with another scale is another model: its checkpoints are refused
        VaeConfig wider = new VaeConfig(new MlpArchitecture(HIDDEN, LATENT), prior(new ScaledNormalPrior.Spec(2.5, null)),
                new GaussianNoise(0.2), null, 1.0, SHAPE);
        assertThatThrownBy(() -> new Trainer().fit(Vae.create(wider, 1), data, training(4), new RandomStreams(4), dir, null))
                .hasMessageContaining("belongs to another model or data");
    }

    @Test
    void perDimensionScalesMustMatchTheLatentSize() {
        ScaledNormalPrior.Spec spec = new ScaledNormalPrior.Spec(null, List.of(1.0, 2.0));
        assertThat(spec.validate()).isEmpty();
        assertThat(spec.validateFor(2)).isEmpty();
        assertThat(spec.validateFor(LATENT)).containsExactly(
                new Problem("scales", "has 2 entries, expected one per latent dimension (latentDim = 3)"));
        assertThatThrownBy(() -> new ScaledNormalPrior().createFor(spec, LATENT, CONTEXT))
                .isInstanceOf(PluginException.class)
                .hasMessage("prior 'scaled-normal': scales - has 2 entries, expected one per latent dimension (latentDim = 3)");
        assertThat(new ScaledNormalPrior.Spec(null, List.of(1.0, -2.0)).validate())
                .containsExactly(new Problem("scales[1]", "must be > 0 (was -2.0)"));
    }
}
