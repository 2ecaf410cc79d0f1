package org.raven.eval.testplugins;

import java.util.List;
import org.raven.api.Problem;
import org.raven.api.prior.PriorSpec;

/** Test-only prior spec: one positive scale. */
public record TestPriorSpec(Double tau) implements PriorSpec {
    public TestPriorSpec {
        tau = tau == null ? 0.5 : tau;
    }

    @Override
    public List<Problem> validate() {
        return new Problem.Collector().positive("tau", tau).problems();
    }
}
