package org.raven.api.arch;

import org.nd4j.autodiff.samediff.SameDiff;
import org.raven.api.data.InputShape;

/** Builds a VAE's encoder and decoder in a SameDiff graph. */
public interface Architecture {

    int latentDim();

    /**
     * Creates the trainable variables in {@code sd} (initialised from {@code seed}) and returns the
     * network that uses them. Applying the network to several inputs shares the weights.
     */
    Network build(SameDiff sd, InputShape shape, long seed);
}
