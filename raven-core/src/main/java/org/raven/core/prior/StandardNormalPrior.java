package org.raven.core.prior;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.raven.api.prior.ClosedFormPrior;

/** z and z' independent N(0, I): the plain VAE, or naive augmentation when trained on noisy pairs. */
public final class StandardNormalPrior implements ClosedFormPrior {

    @Override
    public SDVariable pairKl(SameDiff sd, SDVariable mu, SDVariable logVar, SDVariable muNoisy, SDVariable logVarNoisy) {
        return ClosedFormPrior.standardNormalKl(sd, mu, logVar).add(ClosedFormPrior.standardNormalKl(sd, muNoisy, logVarNoisy));
    }

    @Override
    public double pairKl(double[] mu, double[] logVar, double[] muNoisy, double[] logVarNoisy, int off, int d,
                         double[] gMu, double[] gLogVar, double[] gMuNoisy, double[] gLogVarNoisy) {
        return GaussianKl.independentPair(mu, logVar, muNoisy, logVarNoisy, off, d, gMu, gLogVar, gMuNoisy, gLogVarNoisy);
    }

    @Override
    public boolean paired() {
        return false;
    }

    @Override
    public String toString() {
        return "standard-normal";
    }
}
