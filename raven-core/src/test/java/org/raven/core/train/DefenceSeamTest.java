package org.raven.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.raven.api.RandomStreams;
import org.raven.api.defence.InputTransform;
import org.raven.api.defence.ObjectiveTerm;
import org.raven.api.defence.WeightConstraint;
import org.raven.api.model.DifferentiableEncoder;
import org.raven.core.TestModels;
import org.raven.core.TrainingSpec;
import org.raven.core.Vae;
import org.raven.core.prior.StandardNormalPrior;

/** The trainer's defence seam: input transforms and weight constraints on both engines, objective terms in the graph. */
class DefenceSeamTest {

    /** Clips every encoder weight to [-0.05, 0.05] and flips each batch's pixels (x -> 1 - x), counting its calls. */
    static final class ClipAndFlip implements WeightConstraint, InputTransform {
        final List<Integer> batchSizes = new ArrayList<>();
        final List<String> encoders = new ArrayList<>();

        @Override
        public void project(Map<String, INDArray> weights) {
            weights.forEach((name, w) -> {
                if (name.startsWith("enc.")) {
                    w.assign(Transforms.min(Transforms.max(w, -0.05, true), 0.05, false));
                }
            });
        }

        @Override
        public INDArray transform(DifferentiableEncoder model, INDArray x, SplittableRandom random) {
            batchSizes.add((int) x.size(0));
            encoders.add(model.getClass().getSimpleName());
            return x.rsub(1.0);
        }

        @Override
        public String toString() {
            return "clip-and-flip";
        }
    }

    private static Vae train(String engine, ClipAndFlip defence) {
        Vae vae = Vae.create(TestModels.mlp(new StandardNormalPrior(), null, null, 1.0).withDefence(defence), 4);
        TrainingResult r = new Trainer().fit(vae, TestModels.labeled(1, 50, TestModels.SHAPE),
                TrainingSpec.defaults().withEpochs(2).withEngine(engine), new RandomStreams(3), null, null);
        assertThat(r.engine()).isEqualTo(engine.equals("auto") ? "fused" : "samediff");
        return vae;
    }

    @Test
    void bothEnginesApplyTheTransformToEveryBatchAndTheConstraintAfterEveryStepAlike() {
        ClipAndFlip onFused = new ClipAndFlip();
        ClipAndFlip onGraph = new ClipAndFlip();
        Vae fused = train("auto", onFused);
        Vae graph = train("samediff", onGraph);
        // 45 training examples (validationFraction 0.1 of 50), batch 128: one batch per epoch
        assertThat(onFused.batchSizes).containsExactly(45, 45);
        assertThat(onGraph.batchSizes).containsExactly(45, 45);
        assertThat(onFused.encoders).containsOnly("FastMlpEncoder");
        assertThat(onGraph.encoders).containsOnly("Vae");
        fused.weights().forEach((name, w) -> {
            if (name.startsWith("enc.")) {
                assertThat(Transforms.abs(w, true).maxNumber().doubleValue()).as(name).isLessThanOrEqualTo((double) 0.05f); // float weights
            }
            INDArray other = graph.weights().get(name);
            assertThat(w.sub(other).norm2Number().doubleValue()).as(name + " same on both engines")
                    .isCloseTo(0.0, within(1e-4 * (1 + other.norm2Number().doubleValue())));
        });
    }

    /** A constant term must leave the gradients alone and shift the loss by exactly itself; it forces SameDiff. */
    @Test
    void anObjectiveTermEntersTheLossAndTrainsOnSameDiff() {
        ObjectiveTerm constant = new ObjectiveTerm() {
            @Override
            public SDVariable term(SameDiff sd, SDVariable mu, SDVariable logVar, SDVariable z, SDVariable datasetSize) {
                return datasetSize.mul(0.5); // N / 2: proves the trainer feeds the training set size
            }

            @Override
            public String toString() {
                return "half-n";
            }
        };
        Vae with = Vae.create(TestModels.mlp(new StandardNormalPrior(), null, null, 1.0).withDefence(constant), 4);
        Vae without = Vae.create(TestModels.mlp(new StandardNormalPrior(), null, null, 1.0), 4);
        TrainingResult a = new Trainer().fit(with, TestModels.labeled(1, 50, TestModels.SHAPE),
                TrainingSpec.defaults().withEpochs(1), new RandomStreams(3), null, null);
        TrainingResult b = new Trainer().fit(without, TestModels.labeled(1, 50, TestModels.SHAPE),
                TrainingSpec.defaults().withEpochs(1).withEngine("samediff"), new RandomStreams(3), null, null);
        assertThat(a.engine()).isEqualTo("samediff");
        assertThat(a.epochs().get(0).loss() - b.epochs().get(0).loss()).isCloseTo(22.5, within(1e-3));
        with.weights().forEach((name, w) -> assertThat(w).as(name).isEqualTo(without.weights().get(name)));
        assertThat(ModelKey.of(with)).endsWith(" defence=half-n").startsWith(ModelKey.of(without));
    }
}
