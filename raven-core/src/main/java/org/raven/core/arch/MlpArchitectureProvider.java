package org.raven.core.arch;

import org.raven.api.BasePlugin;
import org.raven.api.PluginContext;
import org.raven.api.arch.Architecture;
import org.raven.api.arch.ArchitectureProvider;

/** Provides {@code mlp}: a fully connected encoder and mirrored decoder. */
public final class MlpArchitectureProvider extends BasePlugin<MlpSpec, Architecture> implements ArchitectureProvider<MlpSpec> {

    public MlpArchitectureProvider() {
        super("mlp", MlpSpec.class, new MlpSpec(null, null),
                "fully connected encoder/decoder with ReLU, default 784-512-512-16");
    }

    @Override
    public Architecture create(MlpSpec spec, PluginContext context) {
        return new MlpArchitecture(spec);
    }
}
