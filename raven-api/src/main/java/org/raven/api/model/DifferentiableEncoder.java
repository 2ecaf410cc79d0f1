package org.raven.api.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An encoder q(z|x) that attacks can differentiate through. Any encoder qualifies: ours (SameDiff),
 * a hand-written one, or a wrapper around another framework.
 *
 * <p>Inputs are flattened images in [0, 1], shape {@code [batch, inputSize]}.
 *
 * <p>Ownership: an encoder may return arrays it reuses on its next call (fast encoders keep buffers per batch
 * size). Callers read or copy what they need before calling the encoder again.
 */
public interface DifferentiableEncoder {

    /** Number of input features per example, for example 784. */
    int inputSize();

    /** Dimension of z. */
    int latentDim();

    /** The posterior parameters for a batch; does not modify {@code x}. */
    Posterior encode(INDArray x);

    /**
     * The vector-Jacobian product: given the gradient of a scalar objective with respect to mu and
     * logVar at {@code x}, returns the gradient with respect to {@code x} (shape of {@code x}), from
     * one backward pass.
     */
    INDArray inputGradient(INDArray x, INDArray gradMu, INDArray gradLogVar);
}
