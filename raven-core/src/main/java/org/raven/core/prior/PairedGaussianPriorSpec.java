package org.raven.core.prior;

import java.util.List;
import org.raven.api.Problem;
import org.raven.api.prior.PriorSpec;

/**
 * {@code {"type": "paired-gaussian", "rho": 0.9}}.
 *
 * @param rho correlation between z and z'; default 0.9, must be in [0, 1)
 */
public record PairedGaussianPriorSpec(Double rho) implements PriorSpec {

    public static final double DEFAULT_RHO = 0.9;

    public PairedGaussianPriorSpec {
        if (rho == null) {
            rho = DEFAULT_RHO;
        }
    }

    @Override
    public List<Problem> validate() {
        return new Problem.Collector().inHalfOpen("rho", rho, 0.0, 1.0).problems();
    }
}
