package org.raven.core.prior;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.raven.api.prior.ClosedFormPrior;

/** The paired prior z ~ N(0, I), z' = z + tau eta, per latent dimension. */
public final class AdditivePrior implements ClosedFormPrior {

    private final double tau;

    /** @param tau scale of the noise between z and z', > 0 */
    public AdditivePrior(double tau) {
        if (!(tau > 0) || Double.isInfinite(tau)) {
            throw new IllegalArgumentException("tau must be > 0 (was " + tau + ")");
        }
        this.tau = tau;
    }

    public double tau() {
        return tau;
    }

    @Override
    public SDVariable pairKl(SameDiff sd, SDVariable mu, SDVariable logVar, SDVariable muNoisy, SDVariable logVarNoisy) {
        double tau2 = tau * tau;
        SDVariable conditional = sd.math().square(mu.sub(muNoisy)).add(sd.math().exp(logVar)).add(sd.math().exp(logVarNoisy))
                .div(tau2).sub(logVarNoisy).add(Math.log(tau2) - 1).sum(1).mul(0.5);
        return ClosedFormPrior.standardNormalKl(sd, mu, logVar).add(conditional);
    }

    @Override
    public double pairKl(double[] mu, double[] logVar, double[] muNoisy, double[] logVarNoisy, int off, int d,
                         double[] gMu, double[] gLogVar, double[] gMuNoisy, double[] gLogVarNoisy) {
        return GaussianKl.additive(tau, mu, logVar, muNoisy, logVarNoisy, off, d, gMu, gLogVar, gMuNoisy, gLogVarNoisy);
    }

    @Override
    public boolean paired() {
        return true;
    }

    @Override
    public String toString() {
        return "additive(tau=" + tau + ")";
    }
}
