package org.raven.api.prior;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A prior over the latent pair (z, z') of a clean input and its noisy copy. The bound subtracts
 * {@link #pairKl}; a prior whose z and z' are independent N(0, I) gives the naive augmentation bound.
 */
public interface Prior {

    /**
     * Per-example KL(q(z|x) q(z'|x') || p(z, z')) as a SameDiff expression of shape {@code [batch]}.
     * Arguments are {@code [batch, latentDim]} posterior parameters of the clean and the noisy input.
     */
    SDVariable pairKl(SameDiff sd, SDVariable mu, SDVariable logVar, SDVariable muNoisy, SDVariable logVarNoisy);

    /**
     * Per-example KL(q(z|x) || p(z)) against the marginal of z, shape {@code [batch]}: the bound for
     * clean data alone.
     */
    SDVariable kl(SameDiff sd, SDVariable mu, SDVariable logVar);

    /** True when z and z' are coupled (RAVEN); false when the prior factorises (plain or naive VAE). */
    boolean paired();
}
