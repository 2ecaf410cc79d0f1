package org.raven.core.noise;

import java.util.random.RandomGenerator;

/** x' = clip(x + U(-width, width), 0, 1). */
public final class UniformNoise extends PixelNoise {

    private final double width;

    public UniformNoise(double width) {
        if (!(width >= 0) || Double.isInfinite(width)) {
            throw new IllegalArgumentException("width must be >= 0 (was " + width + ")");
        }
        this.width = width;
    }

    public double width() {
        return width;
    }

    @Override
    double perturb(double v, RandomGenerator random) {
        return v + width * (2 * random.nextDouble() - 1);
    }

    @Override
    public String toString() {
        return "uniform(width=" + width + ")";
    }
}
