package org.raven.attacks;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A per-example attack objective over adversarial inputs (higher is a stronger attack), bound to one
 * clean batch; what {@link PgdEngine} maximises. Make one from a function of the latent posterior with
 * {@link Objectives#latent}, or implement it directly (for example through a decoder).
 *
 * <p>Implementations read the model's outputs before calling the model again, so encoders may return
 * buffers they reuse.
 */
public interface Objective {

    /** Writes the objective of each row of {@code xAdv} into {@code out}. */
    void value(INDArray xAdv, double[] out);

    /**
     * Writes the objective into {@code out} and returns its gradient with respect to {@code xAdv}
     * (one encoder forward and one vector-Jacobian product). The caller must not modify the returned
     * array: it may belong to the model.
     */
    INDArray valueAndGradient(INDArray xAdv, double[] out);
}
