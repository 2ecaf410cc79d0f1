package org.raven.core.noise;

import java.util.random.RandomGenerator;

/** x' = clip(x + N(0, sigma^2), 0, 1). */
public final class GaussianNoise extends PixelNoise {

    private final double sigma;

    public GaussianNoise(double sigma) {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma must be >= 0 (was " + sigma + ")");
        }
        this.sigma = sigma;
    }

    public double sigma() {
        return sigma;
    }

    @Override
    double perturb(double v, RandomGenerator random) {
        return v + sigma * random.nextGaussian();
    }

    @Override
    public String toString() {
        return "gaussian(sigma=" + sigma + ")";
    }
}
