package org.raven.spark.testplugins;

import java.util.List;
import org.raven.api.Problem;
import org.raven.api.prior.PriorSpec;

/** Test-only spec of {@link BlockingPriorProvider}; no keys. */
public record BlockingPriorSpec() implements PriorSpec {
    @Override
    public List<Problem> validate() {
        return List.of();
    }
}
