package org.raven.api.defence;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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

    /**
     * Both at one z, into the caller's arrays: {@code logDensity[i]} for row i and the gradient row-major into
     * {@code gradient}; {@code z} is row-major {@code [batch, latentDim]} with batch = {@code x.size(0)}. A target
     * backed by a decoder overrides this to share one forward pass between the two (a leapfrog step then costs one
     * forward and one backward pass); this default calls {@link #logDensity} and {@link #gradient} on a DOUBLE z.
     */
    default void evaluate(INDArray x, double[] z, double[] logDensity, double[] gradient) {
        int rows = (int) x.size(0);
        INDArray zm = Nd4j.create(z, new long[] {rows, z.length / rows}, DataType.DOUBLE);
        System.arraycopy(logDensity(x, zm), 0, logDensity, 0, rows);
        double[] g = gradient(x, zm).castTo(DataType.DOUBLE).dup('c').data().asDouble();
        System.arraycopy(g, 0, gradient, 0, g.length);
    }
}
