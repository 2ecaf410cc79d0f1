package org.raven.attacks;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.model.AutoEncoder;
import org.raven.api.model.DifferentiableEncoder;

/** The objectives the built-in attacks maximise, and the way to make one from a {@link LatentLoss}. */
public final class Objectives {

    private Objectives() {
    }

    /**
     * {@code loss} of q(z|x+e) for a batch of {@code n} examples. Each gradient costs one {@code encode}
     * and one {@code inputGradient} call; the objective reuses its buffers, so make one per batch.
     */
    public static Objective latent(DifferentiableEncoder model, int n, LatentLoss loss) {
        return new LatentObjective(model, n, loss);
    }

    /** SKL(q(z|x+e), q(z|x)) per example: the untargeted latent objective (Kuzina et al. 2022). */
    public static Objective symmetricKlFromClean(DifferentiableEncoder model, INDArray x) {
        Latents clean = Latents.of(model.encode(x));
        return latent(model, clean.n(), LatentLoss.symmetricKlTo(clean));
    }

    /** sum_j (mu_j(x+e) - mu_j(x))^2 / exp(logVar_j(x)) per example: mu's shift under the clean posterior's metric. */
    public static Objective mahalanobisFromClean(DifferentiableEncoder model, INDArray x) {
        Latents clean = Latents.of(model.encode(x));
        return latent(model, clean.n(), LatentLoss.mahalanobisTo(clean));
    }

    /** ||dec(mu(x+e)) - dec(mu(x))||^2 per example: how far the reconstruction moves. */
    public static Objective reconstructionChange(AutoEncoder model, INDArray x) {
        return new OutputObjective(model, x);
    }
}
