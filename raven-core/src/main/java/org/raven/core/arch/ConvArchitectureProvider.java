package org.raven.core.arch;

import org.raven.api.BasePlugin;
import org.raven.api.PluginContext;
import org.raven.api.arch.Architecture;
import org.raven.api.arch.ArchitectureProvider;

/** Provides {@code conv}: stride-2 convolutions and mirrored transposed convolutions. */
public final class ConvArchitectureProvider extends BasePlugin<ConvSpec, Architecture> implements ArchitectureProvider<ConvSpec> {

    public ConvArchitectureProvider() {
        super("conv", ConvSpec.class, new ConvSpec(null, null, null),
                "Kuzina-style conv encoder (kernel 4, stride 2) with transposed-conv decoder");
    }

    @Override
    public Architecture create(ConvSpec spec, PluginContext context) {
        return new ConvArchitecture(spec);
    }
}
