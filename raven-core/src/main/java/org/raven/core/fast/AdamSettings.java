package org.raven.core.fast;

/**
 * Adam hyper-parameters (Kingma and Ba, Algorithm 1).
 *
 * @param learningRate step size, > 0
 * @param beta1        first-moment decay, in [0, 1)
 * @param beta2        second-moment decay, in [0, 1)
 * @param epsilon      added to sqrt(vHat), > 0
 */
public record AdamSettings(double learningRate, double beta1, double beta2, double epsilon) {

    public AdamSettings {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be > 0 (was " + learningRate + ")");
        }
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("beta1 must be in [0, 1) (was " + beta1 + ")");
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta2 must be in [0, 1) (was " + beta2 + ")");
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("epsilon must be > 0 (was " + epsilon + ")");
        }
    }

    /** The usual defaults beta1 0.9, beta2 0.999, epsilon 1e-8. */
    public static AdamSettings of(double learningRate) {
        return new AdamSettings(learningRate, 0.9, 0.999, 1e-8);
    }
}
