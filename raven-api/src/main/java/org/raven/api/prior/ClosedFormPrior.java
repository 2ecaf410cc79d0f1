package org.raven.api.prior;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A capability of a {@link Prior}: its KLs in closed form in plain double precision, with their
 * gradients. The trainer's fused engine (several times faster than the SameDiff graph on the CPU)
 * runs only priors that implement this; any other prior trains on the SameDiff engine. Both forms
 * must give the same numbers: the SameDiff methods inherited from {@link Prior} still define the
 * prior for the graph engine, evaluation and architectures the fused engine does not cover, which
 * is why SameDiff types stay in this API.
 *
 * <p>Arrays hold one example's diagonal Gaussian posteriors: mean {@code mu} and log-variance
 * {@code logVar} of the clean input, {@code muNoisy} and {@code logVarNoisy} of its noisy copy. Each
 * method reads {@code d} entries from {@code off} (a row of a flat {@code [batch, d]} buffer) and
 * writes dKL/d(argument) at the same offsets into the gradient arrays, which may be null when that
 * gradient is not wanted.
 */
public interface ClosedFormPrior extends Prior {

    /** KL(q(z|x) q(z'|x') || p(z, z')) for one example, with optional gradients. */
    double pairKl(double[] mu, double[] logVar, double[] muNoisy, double[] logVarNoisy, int off, int d,
                  double[] gMu, double[] gLogVar, double[] gMuNoisy, double[] gLogVarNoisy);

    /** KL(q(z|x) q(z'|x') || p(z, z')) for one example. */
    default double pairKl(double[] mu, double[] logVar, double[] muNoisy, double[] logVarNoisy) {
        return pairKl(mu, logVar, muNoisy, logVarNoisy, 0, mu.length, null, null, null, null);
    }

    /**
     * KL(q(z|x) || p(z)) against the marginal of z for one example, with optional gradients (the
     * clean-only bound). Default: p(z) = N(0, I); override it together with {@link #kl(SameDiff,
     * SDVariable, SDVariable)} for another marginal.
     */
    default double kl(double[] mu, double[] logVar, int off, int d, double[] gMu, double[] gLogVar) {
        return standardNormalKl(mu, logVar, off, d, gMu, gLogVar);
    }

    /** KL(q(z|x) || p(z)) for one example. */
    default double kl(double[] mu, double[] logVar) {
        return kl(mu, logVar, 0, mu.length, null, null);
    }

    /** The SameDiff form of the marginal KL; default N(0, I), matching {@link #kl(double[], double[], int, int, double[], double[])}. */
    @Override
    default SDVariable kl(SameDiff sd, SDVariable mu, SDVariable logVar) {
        return standardNormalKl(sd, mu, logVar);
    }

    /**
     * KL(N(mu, diag exp(logVar)) || N(0, I)) = {@code 1/2 sum_j (exp(lv_j) + mu_j^2 - 1 - lv_j)} over
     * {@code d} entries from {@code off}; writes {@code dKL/dmu = mu} and {@code dKL/dlv = (exp(lv) - 1) / 2}
     * into the (nullable) gradient arrays.
     */
    static double standardNormalKl(double[] mu, double[] logVar, int off, int d, double[] gMu, double[] gLogVar) {
        double kl = 0;
        for (int j = off; j < off + d; j++) {
            double s = Math.exp(logVar[j]);
            kl += s + mu[j] * mu[j] - 1 - logVar[j];
            if (gMu != null) {
                gMu[j] = mu[j];
            }
            if (gLogVar != null) {
                gLogVar[j] = 0.5 * (s - 1);
            }
        }
        return 0.5 * kl;
    }

    /** Per-row {@code 1/2 sum_j (exp(lv) + mu^2 - 1 - lv)} as a SameDiff expression, shape {@code [batch]}. */
    static SDVariable standardNormalKl(SameDiff sd, SDVariable mu, SDVariable logVar) {
        return sd.math().exp(logVar).add(sd.math().square(mu)).sub(logVar).sub(1.0).sum(1).mul(0.5);
    }
}
