package org.raven.core.noise;

import java.util.List;
import org.raven.api.Problem;
import org.raven.api.noise.NoiseSpec;

/**
 * {@code {"type": "uniform", "width": 0.3}}: noise U(-width, width).
 *
 * @param width half-width of the uniform pixel noise; default 0.3, must be >= 0
 */
public record UniformNoiseSpec(Double width) implements NoiseSpec {

    public static final double DEFAULT_WIDTH = 0.3;

    public UniformNoiseSpec {
        if (width == null) {
            width = DEFAULT_WIDTH;
        }
    }

    @Override
    public List<Problem> validate() {
        return new Problem.Collector().nonNegative("width", width)
                .check(!width.isInfinite(), "width", "must be finite (was " + width + ")").problems();
    }
}
