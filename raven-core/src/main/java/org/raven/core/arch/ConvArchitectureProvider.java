package org.raven.core.arch;

import org.raven.api.PluginContext;
import org.raven.api.arch.Architecture;
import org.raven.api.arch.ArchitectureProvider;

/** Provides {@code conv}: stride-2 convolutions and mirrored transposed convolutions. */
public final class ConvArchitectureProvider implements ArchitectureProvider<ConvSpec> {

    @Override
    public String id() {
        return "conv";
    }

    @Override
    public Class<ConvSpec> specType() {
        return ConvSpec.class;
    }

    @Override
    public ConvSpec defaultSpec() {
        return new ConvSpec(null, null, null);
    }

    @Override
    public Architecture create(ConvSpec spec, PluginContext context) {
        return new ConvArchitecture(spec);
    }

    @Override
    public String description() {
        return "Kuzina-style conv encoder (kernel 4, stride 2) with transposed-conv decoder";
    }
}
