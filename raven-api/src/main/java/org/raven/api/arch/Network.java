package org.raven.api.arch;

import org.nd4j.autodiff.samediff.SDVariable;

/** An encoder and decoder whose weights live in one SameDiff graph; every call reuses them. */
public interface Network {

    /** Posterior parameters of a flattened input {@code [batch, inputSize]}. */
    Encoded encode(SDVariable x);

    /** Decoder output before the likelihood's link function (logits for Bernoulli), {@code [batch, inputSize]}. */
    SDVariable decode(SDVariable z);

    /** mu and logVar, each {@code [batch, latentDim]}. */
    record Encoded(SDVariable mu, SDVariable logVar) {
    }
}
