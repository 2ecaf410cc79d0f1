package org.raven.api.arch;

import org.raven.api.Plugin;

/** Service interface for architectures; list implementations in {@code META-INF/services/org.raven.api.arch.ArchitectureProvider}. */
public interface ArchitectureProvider<S extends ArchitectureSpec> extends Plugin<S, Architecture> {
}
