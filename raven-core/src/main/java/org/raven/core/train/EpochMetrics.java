package org.raven.core.train;

/**
 * Means over one epoch's training batches (per example, or per pair in the paired modes), in nats.
 *
 * @param epoch        1-based
 * @param loss         the training loss: minus the objective with beta
 * @param bound        the bound with beta = 1: {@code recon + reconNoisy - kl}
 * @param recon        E_q[log p(x|z)]
 * @param reconNoisy   E_q[log p(x'|z')]; 0 in {@code vae} mode
 * @param kl           KL(q(z|x) || p(z)) in {@code vae} mode, else the pair KL
 * @param heldOutMse   reconstruction MSE per pixel on the held-out split after the epoch; NaN
 *                     when {@code validationFraction} is 0
 * @param learningRate the epoch's learning rate
 * @param seconds      wall time of the epoch
 */
public record EpochMetrics(int epoch, double loss, double bound, double recon, double reconNoisy, double kl,
                           double heldOutMse, double learningRate, double seconds) {
}
