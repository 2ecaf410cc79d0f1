package org.raven.core.train;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.defence.ObjectiveTerm;
import org.raven.api.defence.WeightConstraint;
import org.raven.api.model.DifferentiableEncoder;
import org.raven.api.prior.ClosedFormPrior;
import org.raven.core.NonFiniteException;
import org.raven.core.TrainingSpec;
import org.raven.core.Vae;
import org.raven.core.fast.AdamSettings;
import org.raven.core.fast.AdamState;
import org.raven.core.fast.FusedInference;
import org.raven.core.fast.FusedMlpVae;
import org.raven.core.fast.MlpLayout;

/**
 * One optimisation step (gradient of the batch's negative bound, then Adam) for the {@link Trainer}.
 * Two engines compute the same arithmetic (tests hold them to float precision): SameDiff for every
 * architecture and prior, and the hand-fused {@link FusedMlpVae}, about 3x faster, for an architecture
 * declaring {@link org.raven.api.arch.DenseReluMlp} with a prior declaring {@link ClosedFormPrior}, on the CPU
 * backend (plugins of any origin qualify by implementing those raven-api interfaces).
 */
interface StepEngine extends AutoCloseable {

    /** The batch's mean negative bound and its terms, before the update. */
    record Terms(double loss, double recon, double reconNoisy, double kl) {
    }

    /**
     * One step; {@code xNoisy} and {@code epsNoisy} are null for the clean-only bound.
     *
     * @throws NonFiniteException when the loss or a gradient is NaN or infinite (checked in that order, the
     *                            same way by both engines); then nothing was updated
     */
    Terms step(INDArray x, INDArray eps, INDArray xNoisy, INDArray epsNoisy, double learningRate);

    /** An encoder reading the engine's current weights (for a defence's input transform); valid until the next step. */
    DifferentiableEncoder liveEncoder();

    /** Projects the engine's current weights with {@code constraint} (after a step). */
    void project(WeightConstraint constraint);

    /** {@code fused} or {@code samediff}: what the trainer reports. */
    String name();

    /** Writes the engine's current weights into the model (before evaluating or checkpointing it). */
    void syncWeights();

    long adamStep();

    Map<String, float[]> firstMoments();

    Map<String, float[]> secondMoments();

    void restoreAdam(long step, Map<String, float[]> first, Map<String, float[]> second);

    @Override
    default void close() {
    }

    /**
     * The engine {@code name} ({@code auto}: fused where supported, else SameDiff) for {@code vae}. Support is
     * decided by capabilities raven-api declares, never by class: {@link FusedInference#layout} (a
     * {@link org.raven.api.arch.DenseReluMlp} architecture on the CPU) and a {@link ClosedFormPrior}.
     */
    static StepEngine create(String name, Vae vae) {
        return "auto".equals(name) && FusedEngine.supports(vae) ? new FusedEngine(vae) : new SameDiffEngine(vae);
    }

    /** {@link Vae#step} with {@link Adam}: works for every model. */
    final class SameDiffEngine implements StepEngine {
        private final Vae vae;
        private final Adam adam;

        SameDiffEngine(Vae vae) {
            this.vae = vae;
            this.adam = new Adam(vae.weights());
        }

        @Override
        public Terms step(INDArray x, INDArray eps, INDArray xNoisy, INDArray epsNoisy, double learningRate) {
            Vae.Step s = vae.step(x, xNoisy, eps, epsNoisy);
            if (!Double.isFinite(s.loss())) {
                throw NonFiniteException.loss(s.loss());
            }
            adam.update(vae.weights(), s.gradients(), learningRate); // checks every gradient before changing anything
            return new Terms(s.loss(), s.recon(), s.reconNoisy(), s.kl());
        }

        @Override
        public void syncWeights() {
            // Vae.step trains the model's own weights.
        }

        @Override
        public DifferentiableEncoder liveEncoder() {
            return vae;
        }

        @Override
        public void project(WeightConstraint constraint) {
            constraint.project(vae.weights());
        }

        @Override
        public long adamStep() {
            return adam.step();
        }

        @Override
        public Map<String, float[]> firstMoments() {
            return adam.firstMoments();
        }

        @Override
        public Map<String, float[]> secondMoments() {
            return adam.secondMoments();
        }

        @Override
        public void restoreAdam(long step, Map<String, float[]> first, Map<String, float[]> second) {
            adam.restore(step, first, second);
        }

        @Override
        public String name() {
            return TrainingSpec.SAMEDIFF;
        }

        @Override
        public String toString() {
            return name();
        }
    }

    /** {@link FusedMlpVae}: forward, backward and Adam as BLAS calls into buffers allocated once. */
    final class FusedEngine implements StepEngine {
        private final Vae vae;
        private final FusedMlpVae fused;
        private final MlpLayout layout;

        static boolean supports(Vae vae) {
            var config = vae.config();
            return FusedInference.layout(vae).isPresent()
                    && config.prior() instanceof ClosedFormPrior
                    && (config.likelihood() == null || !Boolean.TRUE.equals(config.likelihood().learnVariance()))
                    && config.beta() > 0
                    && !(config.defence() instanceof ObjectiveTerm); // a SameDiff expression: no fused form
        }

        FusedEngine(Vae vae) {
            this.vae = vae;
            this.layout = FusedInference.layout(vae).orElseThrow();
            this.fused = new FusedMlpVae(new FusedMlpVae.Config(layout, vae.config().likelihood(),
                    (ClosedFormPrior) vae.config().prior(), vae.config().beta(),
                    new AdamSettings(1e-3, Adam.BETA1, Adam.BETA2, Adam.EPSILON), vae.dataType()));
            fused.setParameters(vae.weights());
        }

        @Override
        public Terms step(INDArray x, INDArray eps, INDArray xNoisy, INDArray epsNoisy, double learningRate) {
            fused.setLearningRate(learningRate);
            double loss = xNoisy == null ? fused.trainStep(x, eps) : fused.trainStep(x, eps, xNoisy, epsNoisy);
            FusedMlpVae.Terms t = fused.lastTerms();
            return new Terms(loss, t.recon(), t.reconNoisy(), t.kl());
        }

        @Override
        public void syncWeights() {
            fused.parameters().forEach((name, value) -> vae.weights().get(name).assign(value));
        }

        @Override
        public DifferentiableEncoder liveEncoder() {
            return fused.encoder();
        }

        @Override
        public void project(WeightConstraint constraint) {
            // Copies out and back (about 2 x 1.2M floats for the paper's mlp): small beside the step's gemms.
            Map<String, INDArray> current = fused.parameters();
            constraint.project(current);
            fused.setParameters(current);
        }

        @Override
        public long adamStep() {
            return fused.adamStep();
        }

        @Override
        public Map<String, float[]> firstMoments() {
            return fused.adamState().firstMoments();
        }

        @Override
        public Map<String, float[]> secondMoments() {
            return fused.adamState().secondMoments();
        }

        @Override
        public void restoreAdam(long step, Map<String, float[]> first, Map<String, float[]> second) {
            fused.setAdamState(AdamState.fromArrays(layout, step, first, second));
        }

        @Override
        public void close() {
            fused.close();
        }

        @Override
        public String name() {
            return "fused";
        }

        @Override
        public String toString() {
            return name();
        }
    }
}
