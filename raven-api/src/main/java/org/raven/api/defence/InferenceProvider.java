package org.raven.api.defence;

import org.raven.api.Plugin;

/**
 * Service interface for test-time inference procedures; list implementations in
 * {@code META-INF/services/org.raven.api.defence.InferenceProvider}.
 */
public interface InferenceProvider<S extends InferenceSpec> extends Plugin<S, InferenceProcedure> {
}
