package org.raven.core.prior;

import org.raven.api.prior.ClosedFormPrior;

/**
 * The closed-form KL divergences of the paired priors in plain double precision, with their
 * gradients. Posteriors are diagonal Gaussians given by mean {@code mu} and log-variance {@code lv}
 * (clean input) and {@code muN}, {@code lvN} (noisy copy); each method reads {@code d} entries from
 * {@code off} of every array, so a row of a flat {@code [batch, d]} buffer can be passed directly.
 *
 * <p>Gradient arrays ({@code gMu}, ...) receive dKL/d(argument) at the same offsets; they may be null
 * when that gradient is not wanted. These are the closed-form Gaussian KLs of the paired-prior bound:
 * <ul>
 *   <li>standard: {@code 1/2 sum(exp(lv) + mu^2 - 1 - lv)}</li>
 *   <li>paired (rho): {@code 1/2 sum[(s + s')/(1-rho^2) + rho (mu - mu')^2/(1-rho^2) + (mu^2 + mu'^2)/(1+rho)
 *       - 2 + log(1-rho^2) - lv - lv']}</li>
 *   <li>additive (tau): {@code standard(mu, lv) + 1/2 sum[((mu - mu')^2 + s + s')/tau^2 - 1 + log tau^2 - lv']}</li>
 * </ul>
 * with {@code s = exp(lv)}, {@code s' = exp(lv')}.
 */
public final class GaussianKl {

    private GaussianKl() {
    }

    /** KL(N(mu, diag exp(lv)) || N(0, I)). */
    public static double standard(double[] mu, double[] lv) {
        return standard(mu, lv, 0, mu.length, null, null);
    }

    /** KL(N(mu, diag exp(lv)) || N(0, I)) over {@code d} entries from {@code off}, with optional gradients. */
    public static double standard(double[] mu, double[] lv, int off, int d, double[] gMu, double[] gLv) {
        return ClosedFormPrior.standardNormalKl(mu, lv, off, d, gMu, gLv);
    }

    /** Naive augmentation: z and z' independent N(0, I), so the KL is the sum of two standard KLs. */
    public static double independentPair(double[] mu, double[] lv, double[] muN, double[] lvN) {
        return independentPair(mu, lv, muN, lvN, 0, mu.length, null, null, null, null);
    }

    /** {@link #independentPair(double[], double[], double[], double[])} over a slice, with optional gradients. */
    public static double independentPair(double[] mu, double[] lv, double[] muN, double[] lvN, int off, int d,
                                         double[] gMu, double[] gLv, double[] gMuN, double[] gLvN) {
        return standard(mu, lv, off, d, gMu, gLv) + standard(muN, lvN, off, d, gMuN, gLvN);
    }

    /** KL against the paired-Gaussian prior z ~ N(0, I), z' = rho z + sqrt(1 - rho^2) eta. */
    public static double paired(double rho, double[] mu, double[] lv, double[] muN, double[] lvN) {
        return paired(rho, mu, lv, muN, lvN, 0, mu.length, null, null, null, null);
    }

    /** {@link #paired(double, double[], double[], double[], double[])} over a slice, with optional gradients. */
    public static double paired(double rho, double[] mu, double[] lv, double[] muN, double[] lvN, int off, int d,
                                double[] gMu, double[] gLv, double[] gMuN, double[] gLvN) {
        double oneMinus = 1 - rho * rho;
        double logOneMinus = Math.log(oneMinus);
        double kl = 0;
        for (int j = off; j < off + d; j++) {
            double s = Math.exp(lv[j]);
            double sN = Math.exp(lvN[j]);
            double diff = mu[j] - muN[j];
            kl += (s + sN) / oneMinus + rho * diff * diff / oneMinus + (mu[j] * mu[j] + muN[j] * muN[j]) / (1 + rho)
                    - 2 + logOneMinus - lv[j] - lvN[j];
            if (gMu != null) {
                gMu[j] = rho * diff / oneMinus + mu[j] / (1 + rho);
            }
            if (gMuN != null) {
                gMuN[j] = -rho * diff / oneMinus + muN[j] / (1 + rho);
            }
            if (gLv != null) {
                gLv[j] = 0.5 * (s / oneMinus - 1);
            }
            if (gLvN != null) {
                gLvN[j] = 0.5 * (sN / oneMinus - 1);
            }
        }
        return 0.5 * kl;
    }

    /** KL against the additive prior z ~ N(0, I), z' = z + tau eta. */
    public static double additive(double tau, double[] mu, double[] lv, double[] muN, double[] lvN) {
        return additive(tau, mu, lv, muN, lvN, 0, mu.length, null, null, null, null);
    }

    /** {@link #additive(double, double[], double[], double[], double[])} over a slice, with optional gradients. */
    public static double additive(double tau, double[] mu, double[] lv, double[] muN, double[] lvN, int off, int d,
                                  double[] gMu, double[] gLv, double[] gMuN, double[] gLvN) {
        double tau2 = tau * tau;
        double logTau2 = Math.log(tau2);
        double kl = 0;
        for (int j = off; j < off + d; j++) {
            double s = Math.exp(lv[j]);
            double sN = Math.exp(lvN[j]);
            double diff = mu[j] - muN[j];
            kl += s + mu[j] * mu[j] - 1 - lv[j];
            kl += (diff * diff + s + sN) / tau2 - 1 + logTau2 - lvN[j];
            if (gMu != null) {
                gMu[j] = mu[j] + diff / tau2;
            }
            if (gMuN != null) {
                gMuN[j] = -diff / tau2;
            }
            if (gLv != null) {
                gLv[j] = 0.5 * (s - 1) + 0.5 * s / tau2;
            }
            if (gLvN != null) {
                gLvN[j] = 0.5 * sN / tau2 - 0.5;
            }
        }
        return 0.5 * kl;
    }
}
