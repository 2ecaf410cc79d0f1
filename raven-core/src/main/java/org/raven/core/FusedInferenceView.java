package org.raven.core;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.model.AutoEncoder;
import org.raven.api.model.DifferentiableDecoder;
import org.raven.api.model.Posterior;
import org.raven.core.fast.FastMlpEncoder;
import org.raven.core.fast.MlpLayout;

/**
 * {@link Vae#inference()} for a dense ReLU mlp on the CPU: a frozen copy of the encoder weights run by the fused
 * {@link FastMlpEncoder} (encode, and the input gradient in one backward pass), several times faster than the
 * SameDiff graph with the same numbers to float precision. The decoder is the model's.
 */
final class FusedInferenceView implements AutoEncoder {

    private final Vae model;
    private final FastMlpEncoder fast;

    FusedInferenceView(Vae model, MlpLayout layout) {
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
