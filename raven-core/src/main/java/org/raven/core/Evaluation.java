package org.raven.core;

/**
 * Means over a dataset of the bound and its terms (nats). With a noise model these are per pair:
 * {@code bound = recon + reconNoisy - kl} with {@code kl} the pair KL; without, per example:
 * {@code bound = recon - kl} and {@code reconNoisy = 0}. The bound is the true one (beta = 1),
 * whatever beta the model trains with.
 *
 * @param bound             mean lower bound on log p(x) (or log p(x, x'))
 * @param recon             mean E_q[log p(x|z)], one-sample estimate
 * @param reconNoisy        mean E_q[log p(x'|z')], or 0 without noise
 * @param kl                mean KL(q(z|x) || p(z)), or the pair KL with noise
 * @param reconstructionMse mean squared error per pixel between x and the decoder mean at mu(x)
 * @param examples          number of examples (pairs) averaged
 */
public record Evaluation(double bound, double recon, double reconNoisy, double kl, double reconstructionMse,
                         int examples) {
}
