package org.raven.api.defence;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A {@link TrainingDefence} capability: a term added to the training loss (the loss is minimised, so a
 * penalty is positive). It is a SameDiff expression, so a model with one trains on the SameDiff engine;
 * the fused engine has no term of this kind.
 */
public interface ObjectiveTerm extends TrainingDefence {

    /**
     * The batch's term, a scalar, from the clean inputs' posterior and reparameterised sample.
     *
     * @param mu          {@code [batch, latentDim]} means of q(z|x)
     * @param logVar      {@code [batch, latentDim]} log-variances of q(z|x)
     * @param z           {@code [batch, latentDim]} samples z = mu + exp(logVar / 2) eps
     * @param datasetSize a scalar placeholder: the number of training examples (estimators of aggregate
     *                    posteriors, such as minibatch-weighted sampling, need it)
     */
    SDVariable term(SameDiff sd, SDVariable mu, SDVariable logVar, SDVariable z, SDVariable datasetSize);
}
