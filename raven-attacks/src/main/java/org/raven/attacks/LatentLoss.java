package org.raven.attacks;

/**
 * A per-example function of the adversarial posterior q(z|x+e) and its gradient with respect to
 * (mu, logVar), in double precision. {@link Objectives#latent} turns it into an {@link Objective} on
 * inputs (one encoder forward and one VJP per gradient).
 */
@FunctionalInterface
public interface LatentLoss {

    /**
     * Writes the loss of each example into {@code value[n]}; when {@code gMu} is not null, also its
     * gradient with respect to mu and logVar into {@code gMu} and {@code gLogVar} ({@code [n * d]}, every
     * entry: the arrays are reused between calls). {@code adversarial} is valid during the call only.
     */
    void evaluate(Latents adversarial, double[] value, double[] gMu, double[] gLogVar);

    /** SKL(q(z|x+e), reference) = KL both ways; 0 with a 0 gradient where they are equal. */
    static LatentLoss symmetricKlTo(Latents reference) {
        return (p, value, gMu, gLogVar) -> GaussianDivergence.symmetricKl(p.mu(), p.logVar(), reference.mu(),
                reference.logVar(), p.d(), value, gMu, gLogVar);
    }

    /** -KL(q(z|x+e) || reference): maximising it pulls the posterior towards the reference. */
    static LatentLoss negativeKlTo(Latents reference) {
        return (p, value, gMu, gLogVar) -> {
            GaussianDivergence.kl(p.mu(), p.logVar(), reference.mu(), reference.logVar(), p.d(), value, gMu, gLogVar);
            negate(value);
            if (gMu != null) {
                negate(gMu);
                negate(gLogVar);
            }
        };
    }

    /**
     * The squared Mahalanobis distance of mu from the reference mean under the reference posterior's metric,
     * {@code sum_j (mu_j - muRef_j)^2 exp(-logVarRef_j)}; its gradient is {@code 2 (mu - muRef) exp(-logVarRef)}
     * in mu and 0 in logVar. Unlike the SKL it cannot be raised by shrinking the adversarial variance, so it
     * moves mu (what a classifier on mu sees) further.
     */
    static LatentLoss mahalanobisTo(Latents reference) {
        double[] weight = new double[reference.mu().length];
        for (int k = 0; k < weight.length; k++) {
            weight[k] = Math.exp(-reference.logVar()[k]);
        }
        double[] refMu = reference.mu();
        return (p, value, gMu, gLogVar) -> {
            if (p.n() != reference.n() || p.d() != reference.d()) {
                throw new IllegalArgumentException("posteriors differ in shape: [" + p.n() + ", " + p.d() + "] and ["
                        + reference.n() + ", " + reference.d() + "]");
            }
            double[] mu = p.mu();
            int d = p.d();
            for (int i = 0; i < p.n(); i++) {
                double sum = 0;
                for (int k = i * d, end = k + d; k < end; k++) {
                    double dm = mu[k] - refMu[k];
                    sum += dm * dm * weight[k];
                    if (gMu != null) {
                        gMu[k] = 2 * dm * weight[k];
                        gLogVar[k] = 0;
                    }
                }
                value[i] = sum;
            }
        };
    }

    private static void negate(double[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = -a[i];
        }
    }
}
