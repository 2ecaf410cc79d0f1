package org.raven.core.prior;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.raven.api.prior.ClosedFormPrior;

/** The paired prior z ~ N(0, I), z' = rho z + sqrt(1 - rho^2) eta, per latent dimension. */
public final class PairedGaussianPrior implements ClosedFormPrior {

    private final double rho;

    /** @param rho correlation of z and z', in [0, 1) */
    public PairedGaussianPrior(double rho) {
        if (!(rho >= 0 && rho < 1)) {
            throw new IllegalArgumentException("rho must be in [0.0, 1.0) (was " + rho + ")");
        }
        this.rho = rho;
    }

    public double rho() {
        return rho;
    }

    @Override
    public SDVariable pairKl(SameDiff sd, SDVariable mu, SDVariable logVar, SDVariable muNoisy, SDVariable logVarNoisy) {
        double oneMinus = 1 - rho * rho;
        SDVariable variances = sd.math().exp(logVar).add(sd.math().exp(logVarNoisy)).div(oneMinus);
        SDVariable coupling = sd.math().square(mu.sub(muNoisy)).mul(rho / oneMinus);
        SDVariable means = sd.math().square(mu).add(sd.math().square(muNoisy)).div(1 + rho);
        return variances.add(coupling).add(means).sub(logVar).sub(logVarNoisy)
                .add(Math.log(oneMinus) - 2).sum(1).mul(0.5);
    }

    @Override
    public double pairKl(double[] mu, double[] logVar, double[] muNoisy, double[] logVarNoisy, int off, int d,
                         double[] gMu, double[] gLogVar, double[] gMuNoisy, double[] gLogVarNoisy) {
        return GaussianKl.paired(rho, mu, logVar, muNoisy, logVarNoisy, off, d, gMu, gLogVar, gMuNoisy, gLogVarNoisy);
    }

    @Override
    public boolean paired() {
        return true;
    }

    @Override
    public String toString() {
        return "paired-gaussian(rho=" + rho + ")";
    }
}
