package org.raven.core.fast;

import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.arch.DenseReluMlp;
import org.raven.api.defence.LatentTarget;
import org.raven.api.model.AutoEncoder;
import org.raven.api.model.DifferentiableDecoder;
import org.raven.api.model.Posterior;
import org.raven.core.BackendInfo;
import org.raven.core.JointDensity;
import org.raven.core.Rows;
import org.raven.core.Vae;

/**
 * Whether the hand-fused path can run a {@link Vae}, and its frozen fused view for encoding and attacks. It lives
 * here, not on {@code Vae}, so that the model package does not depend on this one (no package cycle).
 */
public final class FusedInference {

    private FusedInference() {
    }

    /**
     * The mlp's parameter layout when the fused path can run {@code vae}: an architecture that declares
     * {@link DenseReluMlp} (as {@code mlp} does), FLOAT or DOUBLE, on the CPU backend (its loops read host buffers).
     */
    public static Optional<MlpLayout> layout(Vae vae) {
        if (vae.config().architecture() instanceof DenseReluMlp mlp
                && (vae.dataType() == DataType.FLOAT || vae.dataType() == DataType.DOUBLE)
                && BackendInfo.current().backend().contains("Cpu")) {
            return Optional.of(new MlpLayout(vae.inputSize(), mlp.hidden(), mlp.latentDim()));
        }
        return Optional.empty();
    }

    /**
     * A frozen view of {@code vae}'s current weights for encoding and attacks. Where {@link #layout} exists it
     * encodes and differentiates with {@link FastMlpEncoder} (several times faster than the SameDiff graph, same
     * numbers to float precision); otherwise it is {@code vae} itself. The decoder is the model's. Take a new view
     * after the weights change.
     */
    public static AutoEncoder view(Vae vae) {
        Optional<MlpLayout> layout = layout(vae);
        return layout.isEmpty() ? vae : new View(vae, layout.get());
    }

    /**
     * {@code log p(x|z) + log p(z)} of {@code vae}'s current weights with its z-gradient, the target of test-time MCMC:
     * where {@link #layout} exists a frozen {@link FusedJointDensity} (one decoder forward and backward pass for both,
     * the likelihood from the logits), otherwise {@link JointDensity#of} on the SameDiff decoder. Take a new one after
     * the weights change.
     */
    public static LatentTarget target(Vae vae) {
        JointDensity density = JointDensity.of(vae);
        Optional<MlpLayout> layout = layout(vae);
        return layout.isEmpty() ? density
                : new FusedJointDensity(layout.get(), vae.weights(), vae.dataType(), density.gaussian(), density.variance());
    }

    private static final class View implements AutoEncoder {
        private final Vae model;
        private final FastMlpEncoder fast;

        View(Vae model, MlpLayout layout) {
            this.model = model;
            this.fast = new FastMlpEncoder(layout, model.weights(), model.dataType());
        }

        @Override
        public int inputSize() {
            return model.inputSize();
        }

        @Override
        public int latentDim() {
            return model.latentDim();
        }

        @Override
        public Posterior encode(INDArray x) {
            return Rows.encode(x, model.inputSize(), model.dataType(), fast::encode);
        }

        @Override
        public INDArray inputGradient(INDArray x, INDArray gradMu, INDArray gradLogVar) {
            return fast.inputGradient(Rows.cast(x, model.dataType()), Rows.cast(gradMu, model.dataType()),
                    Rows.cast(gradLogVar, model.dataType()));
        }

        @Override
        public DifferentiableDecoder decoder() {
            return model.decoder();
        }

        @Override
        public String toString() {
            return "fused view of " + model;
        }
    }
}
