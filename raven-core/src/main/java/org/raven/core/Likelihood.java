package org.raven.core;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Builds log p(x|z) per example, shape {@code [batch]}, from decoder logits in a SameDiff graph. */
final class Likelihood {

    /** Name of the learned scalar log-variance of the Gaussian likelihood. */
    static final String LOG_VARIANCE = "lik.logvar";

    private final LikelihoodSpec spec;
    private final SDVariable logVariance; // learned, or null

    private Likelihood(LikelihoodSpec spec, SDVariable logVariance) {
        this.spec = spec;
        this.logVariance = logVariance;
    }

    /** Creates the likelihood's own variables (the learned log-variance) in {@code sd}. */
    static Likelihood create(LikelihoodSpec spec, SameDiff sd, DataType dataType) {
        SDVariable logVar = null;
        if (spec.isGaussian() && spec.learnVariance()) {
            logVar = sd.var(LOG_VARIANCE, Nd4j.scalar(dataType, Math.log(spec.variance())));
        }
        return new Likelihood(spec, logVar);
    }

    SDVariable logLikelihood(SameDiff sd, SDVariable x, SDVariable logits, int inputSize) {
        if (!spec.isGaussian()) {
            // -BCE with logits, in the overflow-free form max(l, 0) - x l + log(1 + exp(-|l|)), with
            // max(l, 0) written as (l + |l|) / 2: SameDiff M2.1's relu gradient was wrong here after
            // conv decoders (off by whole units; caught by the finite-difference tests).
            SDVariable abs = sd.math().abs(logits);
            SDVariable bce = logits.add(abs).mul(0.5).sub(x.mul(logits))
                    .add(sd.math().log1p(sd.math().exp(abs.neg())));
            return bce.sum(1).neg();
        }
        SDVariable sq = sd.math().square(x.sub(sd.nn().sigmoid(logits))).sum(1);
        double log2pi = Math.log(2 * Math.PI);
        if (logVariance == null) {
            double v = spec.variance();
            return sq.mul(-0.5 / v).sub(0.5 * inputSize * (Math.log(v) + log2pi));
        }
        return sq.mul(sd.math().exp(logVariance.neg())).add(logVariance.add(log2pi).mul(inputSize)).mul(-0.5);
    }
}
