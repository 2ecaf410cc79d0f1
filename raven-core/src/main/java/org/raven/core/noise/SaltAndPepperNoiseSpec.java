package org.raven.core.noise;

import java.util.List;
import org.raven.api.Problem;
import org.raven.api.noise.NoiseSpec;

/**
 * {@code {"type": "salt-and-pepper", "rate": 0.1}}.
 *
 * @param rate probability that a pixel is replaced by 0 or 1; default 0.1, must be in [0, 1]
 */
public record SaltAndPepperNoiseSpec(Double rate) implements NoiseSpec {

    public static final double DEFAULT_RATE = 0.1;

    public SaltAndPepperNoiseSpec {
        if (rate == null) {
            rate = DEFAULT_RATE;
        }
    }

    @Override
    public List<Problem> validate() {
        return new Problem.Collector().inClosed("rate", rate, 0.0, 1.0).problems();
    }
}
