package org.raven.api.attack;

/**
 * The classifier an evaluation scores robustness with, on the encoder's mean mu: what an adaptive attacker
 * attacks through (classifier-aware objectives, and deciding which points an attack has broken). Plain
 * row-major double arrays, so any classifier (ours, DL4J, a wrapper) fits without a tensor library.
 *
 * <p>{@code mu} holds {@code n} rows of {@link #latentDim()} values; {@code logits} and {@code gradLogits} hold
 * {@code n} rows of {@link #classes()} values. Implementations must be safe to call from one thread at a time per
 * instance; they may not keep references to the arrays they are given.
 */
public interface ClassifierHead {

    /** Length of one mu row. */
    int latentDim();

    /** Number of classes, the length of one logits row. */
    int classes();

    /** Writes the logits of each row of {@code mu} into {@code logits}. */
    void logits(double[] mu, int n, double[] logits);

    /**
     * The vector-Jacobian product: given the gradient of a scalar loss with respect to the logits at {@code mu},
     * writes its gradient with respect to mu into {@code gradMu} (every entry).
     */
    void backward(double[] mu, int n, double[] gradLogits, double[] gradMu);
}
