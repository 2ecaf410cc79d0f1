package org.raven.api.noise;

import org.raven.api.Plugin;

/** Service interface for noise models; list implementations in {@code META-INF/services/org.raven.api.noise.NoiseProvider}. */
public interface NoiseProvider<S extends NoiseSpec> extends Plugin<S, NoiseModel> {
}
