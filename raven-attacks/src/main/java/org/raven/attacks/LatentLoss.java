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

    private static void negate(double[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = -a[i];
        }
    }
}
