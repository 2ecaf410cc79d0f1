package org.raven.api.prior;

import org.raven.api.Plugin;

/** Service interface for priors; list implementations in {@code META-INF/services/org.raven.api.prior.PriorProvider}. */
public interface PriorProvider<S extends PriorSpec> extends Plugin<S, Prior> {
}
