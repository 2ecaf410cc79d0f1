package org.raven.core;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.raven.api.prior.ClosedFormPrior;

/**
 * N(0, I) plus a term that is 0 in value but NaN in its gradient with respect to mu, in both forms: the
 * loss stays finite while the gradients are not, for testing both engines' gradient checks.
 */
public final class NanGradientPrior implements ClosedFormPrior {

    @Override
    public double pairKl(double[] mu, double[] logVar, double[] muNoisy, double[] logVarNoisy, int off, int d,
                         double[] gMu, double[] gLogVar, double[] gMuNoisy, double[] gLogVarNoisy) {
        return kl(mu, logVar, off, d, gMu, gLogVar) + kl(muNoisy, logVarNoisy, off, d, gMuNoisy, gLogVarNoisy);
    }

    @Override
    public double kl(double[] mu, double[] logVar, int off, int d, double[] gMu, double[] gLogVar) {
        double kl = ClosedFormPrior.standardNormalKl(mu, logVar, off, d, gMu, gLogVar);
        if (gMu != null) {
            gMu[off] = Double.NaN;
        }
        return kl;
    }

    /** Adds sum sqrt(0 * mu): value 0, gradient 0.5 / sqrt(0) * 0 = NaN. */
    @Override
    public SDVariable kl(SameDiff sd, SDVariable mu, SDVariable logVar) {
        return ClosedFormPrior.standardNormalKl(sd, mu, logVar).add(sd.math().sqrt(mu.mul(0.0)).sum(1));
    }

    @Override
    public SDVariable pairKl(SameDiff sd, SDVariable mu, SDVariable logVar, SDVariable muNoisy, SDVariable logVarNoisy) {
        return kl(sd, mu, logVar).add(kl(sd, muNoisy, logVarNoisy));
    }

    @Override
    public boolean paired() {
        return false;
    }
}
