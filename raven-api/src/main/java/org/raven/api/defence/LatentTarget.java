package org.raven.api.defence;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An unnormalised log-density over latent codes for a batch of inputs, typically the joint
 * {@code log p(x|z) + log p(z)} of a VAE (which is the posterior p(z|x) up to a constant per row): what a
 * test-time inference procedure samples from or climbs. Row i of {@code z} belongs to row i of {@code x}.
 */
public interface LatentTarget {

    /** {@code log p(x_i, z_i)} per row, up to a constant per row. */
    double[] logDensity(INDArray x, INDArray z);

    /** Its gradient with respect to {@code z}, {@code [batch, latentDim]}. */
    INDArray gradient(INDArray x, INDArray z);
}
