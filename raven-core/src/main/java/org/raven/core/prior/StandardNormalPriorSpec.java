package org.raven.core.prior;

import org.raven.api.prior.PriorSpec;

/** {@code {"type": "standard-normal"}}: no keys. */
public record StandardNormalPriorSpec() implements PriorSpec {
}
