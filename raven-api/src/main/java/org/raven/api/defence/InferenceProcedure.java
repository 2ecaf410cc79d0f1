package org.raven.api.defence;

import org.raven.api.model.AutoEncoder;
import org.raven.api.model.DifferentiableEncoder;

/**
 * A test-time inference procedure: changes the latent code the classifier sees (for example MCMC that
 * moves q(z|x)'s sample towards the true posterior). It wraps the trained encoder, so that attacks, which
 * only see a {@link DifferentiableEncoder}, go through it: the wrapper's {@code encode} returns the
 * corrected code as {@code mu}, and its {@code inputGradient} is the gradient the procedure documents
 * (for a stochastic or non-differentiable procedure, an approximation such as BPDA, stated by
 * {@link Corrected#gradient()}).
 */
public interface InferenceProcedure {

    /**
     * The corrected model: its encoder is corrected, its decoder is {@code model}'s.
     *
     * @param model   the trained model (q(z|x) and p(x|z))
     * @param target  log p(x, z) of the trained model
     * @param seed    seeds every draw of the procedure; the same seed gives the same codes
     */
    Corrected wrap(AutoEncoder model, LatentTarget target, long seed);

    /** The wrapped model, with what it reports about itself. */
    interface Corrected extends AutoEncoder {

        /** How {@code inputGradient} differentiates through the procedure, in words, for results. */
        String gradient();

        /** Diagnostics so far (for example {@code acceptanceRate}), by name; empty when there are none. */
        default java.util.Map<String, Double> diagnostics() {
            return java.util.Map.of();
        }
    }
}
