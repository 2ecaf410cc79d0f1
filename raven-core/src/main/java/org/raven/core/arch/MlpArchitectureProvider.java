package org.raven.core.arch;

import org.raven.api.PluginContext;
import org.raven.api.arch.Architecture;
import org.raven.api.arch.ArchitectureProvider;

/** Provides {@code mlp}: a fully connected encoder and mirrored decoder. */
public final class MlpArchitectureProvider implements ArchitectureProvider<MlpSpec> {

    @Override
    public String id() {
        return "mlp";
    }

    @Override
    public Class<MlpSpec> specType() {
        return MlpSpec.class;
    }

    @Override
    public MlpSpec defaultSpec() {
        return new MlpSpec(null, null);
    }

    @Override
    public Architecture create(MlpSpec spec, PluginContext context) {
        return new MlpArchitecture(spec);
    }

    @Override
    public String description() {
        return "fully connected encoder/decoder with ReLU, default 784-512-512-16";
    }
}
