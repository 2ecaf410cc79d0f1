package org.raven.api.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A diagonal Gaussian posterior q(z|x) = N(mu, diag exp(logVar)) for a batch: both arrays are
 * {@code [batch, latentDim]}.
 */
public record Posterior(INDArray mu, INDArray logVar) {

    public Posterior {
        if (!mu.equalShapes(logVar)) {
            throw new IllegalArgumentException("mu " + java.util.Arrays.toString(mu.shape())
                    + " and logVar " + java.util.Arrays.toString(logVar.shape()) + " must have the same shape");
        }
    }

    public long batchSize() {
        return mu.size(0);
    }

    public long latentDim() {
        return mu.size(1);
    }
}
