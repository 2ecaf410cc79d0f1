package org.raven.attacks;

import org.raven.api.model.Posterior;

/**
 * Closed-form divergences between diagonal Gaussians N(mu, diag exp(logVar)), per example, with
 * their gradients with respect to the first (adversarial) argument, in double precision.
 *
 * <p>Arrays are row-major {@code [n, d]} flattened: example {@code i}, dimension {@code j} is at
 * {@code i * d + j}. With {@code r = logVar_p - logVar_q} and {@code dm = mu_p - mu_q}, per dimension:
 * <ul>
 *   <li>{@code KL(p||q) = 1/2 [expm1(r) - r + dm^2 exp(-logVar_q)]}, which equals the textbook
 *       {@code 1/2 [logVar_q - logVar_p + (exp(logVar_p) + dm^2) / exp(logVar_q) - 1]} but does not
 *       cancel catastrophically when p is close to q;</li>
 *   <li>{@code SKL = 1/2 KL(p||q) + 1/2 KL(q||p) = 1/4 [4 sinh^2(r/2) + dm^2 (exp(-logVar_p) + exp(-logVar_q))]},
 *       exactly 0 when p = q. The convention is Kuzina et al. (2022)'s, the mean of the two directions; the
 *       sum KL + KL (twice this) is also in use, and this project reported it before: a factor 2 does not move
 *       an attack's argmax (nor its sign or normalised steps), but it does double every reported SKL.</li>
 * </ul>
 */
public final class GaussianDivergence {

    /** What {@link #symmetricKl} computes, as every result that reports it labels it. */
    public static final String SKL_LABEL = "SKL = 0.5 KL(q(z|x+e) || q(z|x)) + 0.5 KL(q(z|x) || q(z|x+e))";

    private GaussianDivergence() {
    }

    /**
     * KL(p||q) per example into {@code value[n]}, and if {@code gMuP} and {@code gLogVarP} are not null,
     * its gradient with respect to p's parameters into them ({@code [n*d]}).
     */
    public static void kl(double[] muP, double[] logVarP, double[] muQ, double[] logVarQ, int d,
                          double[] value, double[] gMuP, double[] gLogVarP) {
        int n = value.length;
        checkLengths(n, d, muP, logVarP, muQ, logVarQ);
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = i * d, end = j + d; j < end; j++) {
                double r = logVarP[j] - logVarQ[j];
                double dm = muP[j] - muQ[j];
                double invVarQ = Math.exp(-logVarQ[j]);
                double em1 = Math.expm1(r);
                sum += em1 - r + dm * dm * invVarQ;
                if (gMuP != null) {
                    gMuP[j] = dm * invVarQ;
                    gLogVarP[j] = 0.5 * em1;
                }
            }
            value[i] = 0.5 * sum;
        }
    }

    /**
     * SKL(p, q) = 1/2 KL(p||q) + 1/2 KL(q||p) per example into {@code value[n]}, and if {@code gMuP} and
     * {@code gLogVarP} are not null, its gradient with respect to p's parameters into them.
     */
    public static void symmetricKl(double[] muP, double[] logVarP, double[] muQ, double[] logVarQ, int d,
                                   double[] value, double[] gMuP, double[] gLogVarP) {
        int n = value.length;
        checkLengths(n, d, muP, logVarP, muQ, logVarQ);
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = i * d, end = j + d; j < end; j++) {
                double r = logVarP[j] - logVarQ[j];
                double dm = muP[j] - muQ[j];
                double invVarP = Math.exp(-logVarP[j]);
                double invVars = invVarP + Math.exp(-logVarQ[j]);
                double sh = Math.sinh(0.5 * r);
                sum += 4 * sh * sh + dm * dm * invVars;
                if (gMuP != null) {
                    gMuP[j] = 0.5 * dm * invVars;
                    // sinh(r) = 2 sinh(r/2) cosh(r/2): one transcendental fewer per element and step
                    gLogVarP[j] = sh * Math.sqrt(1 + sh * sh) - 0.25 * dm * dm * invVarP;
                }
            }
            value[i] = 0.25 * sum;
        }
    }

    /** KL(p||q) per example for two batches of posteriors. */
    public static double[] kl(Posterior p, Posterior q) {
        checkShapes(p, q);
        double[] v = new double[(int) p.batchSize()];
        kl(Nd.toFlat(p.mu()), Nd.toFlat(p.logVar()), Nd.toFlat(q.mu()), Nd.toFlat(q.logVar()),
                (int) p.latentDim(), v, null, null);
        return v;
    }

    /** 1/2 KL(p||q) + 1/2 KL(q||p) per example for two batches of posteriors. */
    public static double[] symmetricKl(Posterior p, Posterior q) {
        checkShapes(p, q);
        double[] v = new double[(int) p.batchSize()];
        symmetricKl(Nd.toFlat(p.mu()), Nd.toFlat(p.logVar()), Nd.toFlat(q.mu()), Nd.toFlat(q.logVar()),
                (int) p.latentDim(), v, null, null);
        return v;
    }

    private static void checkShapes(Posterior p, Posterior q) {
        if (p.batchSize() != q.batchSize() || p.latentDim() != q.latentDim()) {
            throw new IllegalArgumentException("posteriors differ in shape: [" + p.batchSize() + ", " + p.latentDim()
                    + "] and [" + q.batchSize() + ", " + q.latentDim() + "]");
        }
    }

    private static void checkLengths(int n, int d, double[]... arrays) {
        for (double[] a : arrays) {
            if (a.length != n * d) {
                throw new IllegalArgumentException("expected arrays of " + n + " x " + d + " = " + (n * d)
                        + " values, got " + a.length);
            }
        }
    }
}
