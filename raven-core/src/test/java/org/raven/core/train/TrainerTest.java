package org.raven.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.RandomStreams;
import org.raven.api.data.LabeledData;
import org.raven.core.TestModels;
import org.raven.core.TrainingSpec;
import org.raven.core.Vae;
import org.raven.core.VaeConfig;
import org.raven.core.noise.GaussianNoise;
import org.raven.core.prior.AdditivePrior;
import org.raven.core.prior.StandardNormalPrior;

class TrainerTest {

    private static final VaeConfig RAVEN = TestModels.mlp(new AdditivePrior(0.5), new GaussianNoise(0.2), null, 1.0);
    private static final VaeConfig PLAIN = TestModels.mlp(new StandardNormalPrior(), null, null, 1.0);
    private final LabeledData data = TestModels.labeled(1, 90, TestModels.SHAPE);
    private final Trainer trainer = new Trainer();

    private static TrainingSpec spec(int epochs) {
        return spec(epochs, null);
    }

    private static TrainingSpec spec(int epochs, String engine) {
        return new TrainingSpec(epochs, 16, 1e-2, null, null, null, 0.1, null, null, engine);
    }

    private static void assertSameWeights(Vae a, Vae b) {
        for (Map.Entry<String, INDArray> e : a.weights().entrySet()) {
            assertThat(b.weights().get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "samediff"})
    void trainingImprovesTheBoundInEveryMode(String engine) {
        for (VaeConfig config : List.of(RAVEN, PLAIN, TestModels.mlp(new StandardNormalPrior(), new GaussianNoise(0.2), null, 1.0))) {
            Vae vae = Vae.create(config, 1);
            List<EpochMetrics> seen = new ArrayList<>();
            int[] batches = {0};
            TrainingResult result = trainer.fit(vae, data, new TrainingSpec(8, 16, 1e-2, null, null, null, null, null, null, engine),
                    new RandomStreams(3), null, new TrainingListener() {
                        @Override
                        public void onBatch(int epoch, int batch, int total, double loss) {
                            batches[0]++;
                        }

                        @Override
                        public void onEpoch(EpochMetrics metrics) {
                            seen.add(metrics);
                        }
                    });
            assertThat(result.epochs()).hasSize(8).isEqualTo(seen);
            assertThat(result.trainSize()).isEqualTo(81);
            assertThat(result.heldOutSize()).isEqualTo(9);
            assertThat(batches[0]).isEqualTo(8 * 6); // ceil(81 / 16)
            assertThat(result.last().bound()).as(vae.mode().toString()).isGreaterThan(result.epochs().get(0).bound() + 1.0);
            assertThat(result.last().heldOutMse()).isLessThan(result.epochs().get(0).heldOutMse());
            assertThat(result.last().reconNoisy() != 0.0).isEqualTo(vae.mode().pairs());
        }
    }

    @Test
    void theListenerHearsEachEpochsStepsHeldOutMseAndEndInThatOrder() {
        List<String> heard = new ArrayList<>();
        TrainingResult result = trainer.fit(Vae.create(PLAIN, 1), data,
                new TrainingSpec(2, 40, 1e-2, null, null, null, null, null, null, null), new RandomStreams(3), null,
                new TrainingListener() {
                    @Override
                    public void onStart(int firstEpoch, int epochs, int batches) {
                        heard.add("start " + firstEpoch + "/" + epochs + " " + batches);
                    }

                    @Override
                    public void onBatch(int epoch, int batch, int total, double loss) {
                        heard.add("batch " + epoch + "." + batch);
                    }

                    @Override
                    public void onEpochStepsDone(int epoch) {
                        heard.add("steps " + epoch);
                    }

                    @Override
                    public void onHeldOutMse(int epoch, double mse) {
                        heard.add("mse " + epoch + " " + mse);
                    }

                    @Override
                    public void onEpoch(EpochMetrics metrics) {
                        heard.add("epoch " + metrics.epoch());
                    }
                });
        double mse1 = result.epochs().get(0).heldOutMse();
        double mse2 = result.epochs().get(1).heldOutMse();
        assertThat(heard).containsExactly("start 1/2 3", "batch 1.1", "batch 1.2", "batch 1.3", "steps 1", "mse 1 " + mse1,
                "epoch 1", "batch 2.1", "batch 2.2", "batch 2.3", "steps 2", "mse 2 " + mse2, "epoch 2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "samediff"})
    void sameSeedGivesIdenticalWeights(String engine) {
        Vae a = Vae.create(RAVEN, 1);
        Vae b = Vae.create(RAVEN, 1);
        trainer.fit(a, data, spec(2, engine), new RandomStreams(7), null, null);
        trainer.fit(b, data, spec(2, engine), new RandomStreams(7), null, null);
        assertSameWeights(a, b);
        Vae c = Vae.create(RAVEN, 1);
        trainer.fit(c, data, spec(2, engine), new RandomStreams(8), null, null);
        assertThat(c.weights().get("enc.w0")).isNotEqualTo(a.weights().get("enc.w0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "samediff"})
    void resumingAfterAnInterruptionGivesTheUninterruptedWeights(String engine, @TempDir Path dir) throws Exception {
        Vae uninterrupted = Vae.create(RAVEN, 1);
        TrainingResult full = trainer.fit(uninterrupted, data, spec(2, engine), new RandomStreams(5), null, null);

        Path ckpt = dir.resolve("ckpt");
        trainer.fit(Vae.create(RAVEN, 1), data, spec(1, engine), new RandomStreams(5), ckpt, null); // "killed" after epoch 1
        assertThat(Checkpoint.list(ckpt)).extracting(p -> p.getFileName().toString()).containsExactly("epoch-0001.ckpt");
        Vae resumed = Vae.create(RAVEN, 1);
        TrainingResult second = trainer.fit(resumed, data, spec(2, engine), new RandomStreams(5), ckpt, null);

        assertSameWeights(uninterrupted, resumed);
        assertThat(second.resumedFrom()).isEqualTo(1);
        assertThat(second.epochs()).hasSize(2);
        assertThat(second.epochs().get(1).bound()).isEqualTo(full.epochs().get(1).bound());
        assertThat(Checkpoint.list(ckpt)).extracting(p -> p.getFileName().toString())
                .containsExactly("epoch-0001.ckpt", "epoch-0002.ckpt");

        // Fitting again with nothing left to do restores the final weights and returns the history.
        Vae again = Vae.create(RAVEN, 99);
        TrainingResult noop = trainer.fit(again, data, spec(2, engine), new RandomStreams(5), ckpt, null);
        assertSameWeights(uninterrupted, again);
        assertThat(noop.epochs()).isEqualTo(second.epochs());
    }

    @Test
    void checkpointsOfAnotherRunAreRefused(@TempDir Path dir) {
        trainer.fit(Vae.create(RAVEN, 1), data, spec(1), new RandomStreams(5), dir, null);
        assertThatThrownBy(() -> trainer.fit(Vae.create(RAVEN, 1), data, spec(2), new RandomStreams(6), dir, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("checkpoint folder " + dir + " belongs to a run with seed 5, not 6; use another folder");
        String model = "model=" + ModelKey.of(Vae.create(RAVEN, 1));
        assertThat(model).startsWith("model=RAVEN 1x3x4 bernoulli beta=1.0 FLOAT arch=");
        assertThatThrownBy(() -> trainer.fit(Vae.create(RAVEN, 1), data, spec(2).withLearningRate(0.5), new RandomStreams(5), dir, null))
                .hasMessage("checkpoint folder " + dir + " was written with {" + model + ", batchSize=16, learningRate=0.01,"
                        + " schedule=constant, validationFraction=0.1}, this run has {" + model + ", batchSize=16,"
                        + " learningRate=0.5, schedule=constant, validationFraction=0.1}; use another folder");
        // another mode, architecture, prior parameter or noise parameter: another training key
        for (VaeConfig other : List.of(TestModels.mlp(new StandardNormalPrior(), new GaussianNoise(0.2), null, 1.0),
                new VaeConfig(new org.raven.core.arch.MlpArchitecture(List.of(6, 5), 3), new AdditivePrior(0.5),
                        new GaussianNoise(0.2), null, 1.0, TestModels.SHAPE),
                TestModels.mlp(new AdditivePrior(0.6), new GaussianNoise(0.2), null, 1.0),
                TestModels.mlp(new AdditivePrior(0.5), new GaussianNoise(0.3), null, 1.0))) {
            assertThatThrownBy(() -> trainer.fit(Vae.create(other, 1), data, spec(2), new RandomStreams(5), dir, null))
                    .as(other.toString())
                    .hasMessageStartingWith("checkpoint folder " + dir + " belongs to another model or data (training key "
                            + model.substring("model=".length()) + "), not this run's (");
        }
        // an explicit training key (what raven-eval passes) replaces the derived one
        assertThatThrownBy(() -> trainer.fit(Vae.create(RAVEN, 1), data, spec(2), new RandomStreams(5), dir, "spec-hash-1", null))
                .hasMessageContaining("not this run's (spec-hash-1)");
    }

    @Test
    void theTrainingKeyIgnoresInitialWeightsAndToString() {
        assertThat(ModelKey.of(Vae.create(RAVEN, 1))).isEqualTo(ModelKey.of(Vae.create(RAVEN, 2)));
        // Object.toString differs per instance (identity hash); the key does not
        org.raven.core.NanGradientPrior one = new org.raven.core.NanGradientPrior();
        org.raven.core.NanGradientPrior two = new org.raven.core.NanGradientPrior();
        assertThat(one.toString()).isNotEqualTo(two.toString());
        assertThat(ModelKey.of(Vae.create(TestModels.mlp(one, null, null, 1.0), 1)))
                .isEqualTo(ModelKey.of(Vae.create(TestModels.mlp(two, null, null, 1.0), 1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "samediff"})
    void aNonFiniteGradientIsReportedWithItsWeightByBothEngines(String engine) {
        VaeConfig config = TestModels.mlp(new org.raven.core.NanGradientPrior(), null, null, 1.0);
        String name = "auto".equals(engine) ? "fused" : "samediff";
        assertThatThrownBy(() -> trainer.fit(Vae.create(config, 1), data, spec(1, engine), new RandomStreams(1), null, null))
                .isInstanceOf(TrainingDivergedException.class)
                .satisfies(e -> {
                    // the first bad weight in each engine's weight order (layout order for fused, graph order for SameDiff)
                    String weight = ((TrainingDivergedException) e).nonFinite().weight();
                    assertThat(weight).startsWith("enc.");
                    assertThat(e).hasMessage("training diverged at epoch 1, batch 1 of 6 on the " + name + " engine: gradient of '"
                            + weight + "' is NaN (the loss was finite) (learning rate 0.01)");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "samediff"})
    void nanInTheLossStopsTrainingAndKeepsTheLastCheckpoint(String engine, @TempDir Path dir) throws Exception {
        trainer.fit(Vae.create(RAVEN, 1), data, spec(1, engine), new RandomStreams(5), dir, null);
        Path good = dir.resolve("epoch-0001.ckpt");
        byte[] before = Files.readAllBytes(good);
        INDArray poisoned = data.features().dup();
        for (int i = 0; i < poisoned.size(0); i++) {
            poisoned.putScalar(i, 0, Double.NaN);
        }
        LabeledData bad = new LabeledData(poisoned, data.labels(), data.shape(), data.numClasses());
        assertThatThrownBy(() -> trainer.fit(Vae.create(RAVEN, 1), bad, spec(2, engine), new RandomStreams(5), dir, null))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessage("training diverged at epoch 2, batch 1 of 6 on the " + ("auto".equals(engine) ? "fused" : "samediff")
                        + " engine: loss is NaN (learning rate 0.01); the last good checkpoint in " + dir + " is intact")
                .satisfies(e -> assertThat(((TrainingDivergedException) e).nonFinite().isLoss()).isTrue());
        assertThat(Files.readAllBytes(good)).isEqualTo(before);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("epoch-0001.ckpt");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "samediff"})
    void aHugeLearningRateDiverges(String engine) {
        assertThatThrownBy(() -> trainer.fit(Vae.create(PLAIN, 1), data, spec(3, engine).withLearningRate(1e30), new RandomStreams(1), null, null))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageStartingWith("training diverged at epoch 1, batch 2 of 6 on the " + ("auto".equals(engine) ? "fused" : "samediff")
                        + " engine: ")
                .hasMessageEndingWith(" (learning rate 1.0E30)");
    }

    @Test
    void invalidSpecsListEveryProblem() {
        assertThatThrownBy(() -> trainer.fit(Vae.create(PLAIN, 1), data, new TrainingSpec(0, -1, null, null, null, null, null, null, null, null),
                new RandomStreams(1), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid training spec: epochs - must be > 0 (was 0); batchSize - must be > 0 (was -1)");
    }

    @Test
    void autoPicksTheFusedEngineForAnMlpAndSameDiffOtherwise() {
        try (StepEngine fused = StepEngine.create("auto", Vae.create(RAVEN, 1));
             StepEngine forced = StepEngine.create("samediff", Vae.create(RAVEN, 1));
             StepEngine conv = StepEngine.create("auto", Vae.create(new VaeConfig(
                     new org.raven.core.arch.ConvArchitecture(new org.raven.core.arch.ConvSpec(4, 1, 3)), new AdditivePrior(0.5),
                     new GaussianNoise(0.2), null, 1.0, new org.raven.api.data.InputShape(1, 8, 8)), 1))) {
            assertThat(fused).isInstanceOf(StepEngine.FusedEngine.class);
            assertThat(fused.name()).isEqualTo("fused");
            assertThat(forced.name()).isEqualTo("samediff");
            assertThat(forced).isInstanceOf(StepEngine.SameDiffEngine.class);
            assertThat(conv).isInstanceOf(StepEngine.SameDiffEngine.class);
        }
    }

    @Test
    void bothEnginesTrainToTheSameWeights() {
        VaeConfig torchInit = new VaeConfig(new org.raven.core.arch.MlpArchitecture(List.of(7, 5), 3,
                org.raven.core.arch.Init.Scheme.TORCH), new StandardNormalPrior(), new GaussianNoise(0.2), null, 1.0,
                TestModels.SHAPE);
        for (VaeConfig config : List.of(RAVEN, PLAIN, torchInit)) {
            Vae fused = Vae.create(config, 1, org.nd4j.linalg.api.buffer.DataType.DOUBLE);
            Vae sameDiff = Vae.create(config, 1, org.nd4j.linalg.api.buffer.DataType.DOUBLE);
            TrainingResult a = trainer.fit(fused, data, spec(2, "auto"), new RandomStreams(4), null, null);
            TrainingResult b = trainer.fit(sameDiff, data, spec(2, "samediff"), new RandomStreams(4), null, null);
            assertThat(a.engine()).isEqualTo("fused");
            assertThat(b.engine()).isEqualTo("samediff");
            for (Map.Entry<String, INDArray> e : sameDiff.weights().entrySet()) {
                double scale = e.getValue().norm2Number().doubleValue() + 1e-12;
                double diff = fused.weights().get(e.getKey()).sub(e.getValue()).norm2Number().doubleValue();
                // train.Adam keeps its moments in float32, so the engines agree to float precision after 12 steps.
                assertThat(diff / scale).as(config.prior() + " " + e.getKey()).isLessThan(1e-4);
            }
            assertThat(a.last().bound()).isCloseTo(b.last().bound(), org.assertj.core.api.Assertions.within(1e-3));
        }
    }

    private static int batchesOfFirstEpoch(Trainer trainer, LabeledData data, TrainingSpec spec) {
        int[] batches = {0};
        trainer.fit(Vae.create(PLAIN, 1), data, spec, new RandomStreams(3), null, new TrainingListener() {
            @Override
            public void onBatch(int epoch, int batch, int total, double loss) {
                batches[0]++;
            }
        });
        return batches[0];
    }

    @Test
    void dropLastDropsThePartialBatch() {
        // 90 examples, 9 held out: 81 = 5 x 16 + 1
        assertThat(batchesOfFirstEpoch(trainer, data, spec(1))).isEqualTo(6);
        assertThat(batchesOfFirstEpoch(trainer, data, spec(1).withDropLast(true))).isEqualTo(5);
        assertThat(batchesOfFirstEpoch(trainer, data, spec(1, "samediff").withDropLast(true))).isEqualTo(5);
        assertThatThrownBy(() -> trainer.fit(Vae.create(PLAIN, 1), data,
                new TrainingSpec(1, 100, 1e-2, null, null, null, 0.1, null, null, null, true, null), new RandomStreams(1), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dropLast with batchSize 100 leaves no full batch of the 81 training examples; lower"
                        + " training.batchSize or set training.dropLast to false");
    }

    @Test
    void validationFractionZeroTrainsOnEverythingAndReportsNoHeldOutMse() {
        TrainingResult r = trainer.fit(Vae.create(PLAIN, 1), data,
                new TrainingSpec(1, 16, 1e-2, null, null, null, 0.0, null, null, null), new RandomStreams(1), null, null);
        assertThat(r.trainSize()).isEqualTo(90);
        assertThat(r.heldOutSize()).isZero();
        assertThat(r.last().heldOutMse()).isNaN();
    }

    /**
     * With a learning rate too small to move a float weight, the epoch's clean reconstruction term depends only on
     * the batches and the clean eps: a vae and a noisy-vae of the same seed match exactly under common random
     * numbers (the noisy pass draws its own eps) and differ without them (its eps interleave with the clean ones).
     */
    @ParameterizedTest
    @ValueSource(strings = {"auto", "samediff"})
    void commonRandomNumbersGiveAVaeAndANoisyVaeTheSameCleanDraws(String engine) {
        VaeConfig noisy = TestModels.mlp(new StandardNormalPrior(), new GaussianNoise(0.2), null, 1.0);
        for (boolean common : new boolean[] {true, false}) {
            TrainingSpec s = spec(1, engine).withLearningRate(1e-30).withCommonRandomNumbers(common);
            double vae = trainer.fit(Vae.create(PLAIN, 1), data, s, new RandomStreams(5), null, null).last().recon();
            double paired = trainer.fit(Vae.create(noisy, 1), data, s, new RandomStreams(5), null, null).last().recon();
            if (common) {
                assertThat(paired).as("common random numbers").isCloseTo(vae, org.assertj.core.api.Assertions.within(1e-9));
            } else {
                assertThat(Math.abs(paired - vae)).as("independent draws").isGreaterThan(1e-4);
            }
        }
    }

    @Test
    void commonRandomNumbersShareTheNoiseDraws() {
        List<INDArray> seenA = new ArrayList<>();
        List<INDArray> seenB = new ArrayList<>();
        TrainingSpec s = spec(1).withCommonRandomNumbers(true);
        trainer.fit(Vae.create(TestModels.mlp(new StandardNormalPrior(), recording(seenA), null, 1.0), 1), data, s,
                new RandomStreams(5), null, null);
        trainer.fit(Vae.create(TestModels.mlp(new AdditivePrior(0.5), recording(seenB), null, 1.0), 1), data, s,
                new RandomStreams(5), null, null);
        assertThat(seenA).hasSize(6);
        assertThat(seenB).isEqualTo(seenA);
    }

    private static org.raven.api.noise.NoiseModel recording(List<INDArray> seen) {
        GaussianNoise gaussian = new GaussianNoise(0.2);
        return (x, shape, out, random) -> {
            INDArray r = gaussian.augment(x, shape, out, random);
            seen.add(r.dup());
            return r;
        };
    }
}
