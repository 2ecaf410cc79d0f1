package org.raven.core.prior;

import java.util.List;
import org.raven.api.Problem;
import org.raven.api.prior.PriorSpec;

/**
 * {@code {"type": "additive", "tau": 0.5}}.
 *
 * @param tau scale of the latent noise between z and z'; default 0.5, must be > 0
 */
public record AdditivePriorSpec(Double tau) implements PriorSpec {

    public static final double DEFAULT_TAU = 0.5;

    public AdditivePriorSpec {
        if (tau == null) {
            tau = DEFAULT_TAU;
        }
    }

    @Override
    public List<Problem> validate() {
        return new Problem.Collector().positive("tau", tau)
                .check(!tau.isInfinite(), "tau", "must be finite (was " + tau + ")").problems();
    }
}
