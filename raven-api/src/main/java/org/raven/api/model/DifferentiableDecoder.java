package org.raven.api.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A decoder p(x|z) that attacks can differentiate through; outputs are means in [0, 1]. */
public interface DifferentiableDecoder {

    /** The mean of p(x|z), shape {@code [batch, inputSize]}. */
    INDArray decode(INDArray z);

    /** Gradient of a scalar objective with respect to {@code z}, given its gradient at the output. */
    INDArray latentGradient(INDArray z, INDArray gradOutput);
}
