package org.raven.core.prior;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.raven.api.prior.Prior;

/**
 * A prior whose KLs have closed forms, available both as SameDiff expressions (for training) and in
 * plain double precision (for tests and hand-written fast paths). Every prior here has the marginal
 * p(z) = N(0, I), so the single-input KL is the standard one.
 */
public interface ClosedFormPrior extends Prior {

    /**
     * KL(q(z|x) q(z'|x') || p(z, z')) for one example over {@code d} entries from {@code off}, writing
     * its gradient into the optional (nullable) {@code g*} arrays at the same offsets.
     */
    double pairKl(double[] mu, double[] logVar, double[] muNoisy, double[] logVarNoisy, int off, int d,
                  double[] gMu, double[] gLogVar, double[] gMuNoisy, double[] gLogVarNoisy);

    /** KL(q(z|x) q(z'|x') || p(z, z')) for one example. */
    default double pairKl(double[] mu, double[] logVar, double[] muNoisy, double[] logVarNoisy) {
        return pairKl(mu, logVar, muNoisy, logVarNoisy, 0, mu.length, null, null, null, null);
    }

    /** KL(q(z|x) || N(0, I)) for one example. */
    default double kl(double[] mu, double[] logVar) {
        return GaussianKl.standard(mu, logVar);
    }

    @Override
    default SDVariable kl(SameDiff sd, SDVariable mu, SDVariable logVar) {
        return standardKl(sd, mu, logVar);
    }

    /** Per-row {@code 1/2 sum_j (exp(lv) + mu^2 - 1 - lv)}, shape {@code [batch]}. */
    static SDVariable standardKl(SameDiff sd, SDVariable mu, SDVariable logVar) {
        return sd.math().exp(logVar).add(sd.math().square(mu)).sub(logVar).sub(1.0).sum(1).mul(0.5);
    }
}
