package org.raven.core.noise;

import java.util.random.RandomGenerator;

/** With probability {@code rate} a pixel becomes 0 or 1 (equally likely); otherwise it is kept. */
public final class SaltAndPepperNoise extends PixelNoise {

    private final double rate;

    public SaltAndPepperNoise(double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("rate must be in [0.0, 1.0] (was " + rate + ")");
        }
        this.rate = rate;
    }

    public double rate() {
        return rate;
    }

    @Override
    double perturb(double v, RandomGenerator random) {
        double u = random.nextDouble();
        if (u >= rate) {
            return v;
        }
        return u < rate / 2 ? 0.0 : 1.0;
    }

    @Override
    public String toString() {
        return "salt-and-pepper(rate=" + rate + ")";
    }
}
