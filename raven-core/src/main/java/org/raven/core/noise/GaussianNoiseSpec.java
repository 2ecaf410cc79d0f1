package org.raven.core.noise;

import java.util.List;
import org.raven.api.Problem;
import org.raven.api.noise.NoiseSpec;

/**
 * {@code {"type": "gaussian", "sigma": 0.3}}.
 *
 * @param sigma standard deviation of the pixel noise; default 0.3, must be >= 0
 */
public record GaussianNoiseSpec(Double sigma) implements NoiseSpec {

    public static final double DEFAULT_SIGMA = 0.3;

    public GaussianNoiseSpec {
        if (sigma == null) {
            sigma = DEFAULT_SIGMA;
        }
    }

    @Override
    public List<Problem> validate() {
        return new Problem.Collector().nonNegative("sigma", sigma)
                .check(!sigma.isInfinite(), "sigma", "must be finite (was " + sigma + ")").problems();
    }
}
