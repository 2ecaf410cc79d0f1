package org.raven.eval;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.raven.api.Plugin;
import org.raven.api.PluginKind;
import org.raven.api.PluginRegistry;
import org.raven.api.Spec;
import org.raven.api.arch.ArchitectureProvider;
import org.raven.api.attack.AttackProvider;
import org.raven.api.data.DatasetProvider;
import org.raven.api.defence.InferenceProvider;
import org.raven.api.defence.TrainingDefenceProvider;
import org.raven.api.noise.NoiseProvider;
import org.raven.api.prior.PriorProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link PluginRegistry} per {@link PluginKind}: everything the framework knows about the plugins
 * on the class path. Built once (by Guice in {@link RavenModule}); Jackson subtypes and Guice bindings
 * are derived from it.
 */
public final class Plugins {

    private static final Logger LOG = LoggerFactory.getLogger(Plugins.class);

    private final Map<PluginKind, PluginRegistry<?>> registries;

    private Plugins(Map<PluginKind, PluginRegistry<?>> registries) {
        this.registries = Collections.unmodifiableMap(registries);
    }

    /** Loads every kind with {@link java.util.ServiceLoader} from {@code loader}, logging one line per plugin at DEBUG ({@code raven --verbose}). */
    public static Plugins load(ClassLoader loader) {
        Map<PluginKind, PluginRegistry<?>> map = new EnumMap<>(PluginKind.class);
        for (PluginKind kind : PluginKind.values()) {
            PluginRegistry<?> registry = PluginRegistry.load(kind, loader);
            for (Plugin<?, ?> provider : registry.providers()) {
                LOG.debug("loaded {} '{}': {}", kind.label(), provider.id(), PluginRegistry.origin(provider));
            }
            map.put(kind, registry);
        }
        return new Plugins(map);
    }

    /** Registries of exactly the given providers (kinds not named are empty); for tests and embedding. */
    public static Plugins of(Map<PluginKind, ? extends Collection<? extends Plugin<?, ?>>> providers) {
        Map<PluginKind, PluginRegistry<?>> map = new EnumMap<>(PluginKind.class);
        for (PluginKind kind : PluginKind.values()) {
            Collection<? extends Plugin<?, ?>> given = providers.get(kind);
            map.put(kind, PluginRegistry.of(kind, given == null ? List.<Plugin<?, ?>>of() : given));
        }
        return new Plugins(map);
    }

    @SuppressWarnings("unchecked")
    public <P extends Plugin<?, ?>> PluginRegistry<P> registry(PluginKind kind) {
        return (PluginRegistry<P>) registries.get(kind);
    }

    public PluginRegistry<ArchitectureProvider<?>> architectures() {
        return registry(PluginKind.ARCHITECTURE);
    }

    public PluginRegistry<AttackProvider<?>> attacks() {
        return registry(PluginKind.ATTACK);
    }

    public PluginRegistry<DatasetProvider<?>> datasets() {
        return registry(PluginKind.DATASET);
    }

    public PluginRegistry<TrainingDefenceProvider<?>> defences() {
        return registry(PluginKind.DEFENCE);
    }

    public PluginRegistry<InferenceProvider<?>> inferences() {
        return registry(PluginKind.INFERENCE);
    }

    public PluginRegistry<NoiseProvider<?>> noises() {
        return registry(PluginKind.NOISE);
    }

    public PluginRegistry<PriorProvider<?>> priors() {
        return registry(PluginKind.PRIOR);
    }

    /** The kind whose spec base type is exactly {@code type}, if any. */
    public static Optional<PluginKind> kindOfSpecBase(Class<?> type) {
        for (PluginKind kind : PluginKind.values()) {
            if (kind.specBase() == type) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** The provider whose spec type is {@code spec}'s class, for creating the object it describes. */
    public Plugin<?, ?> providerOf(Spec spec) {
        for (PluginRegistry<?> registry : registries.values()) {
            for (Plugin<?, ?> provider : registry.providers()) {
                if (provider.specType() == spec.getClass()) {
                    return provider;
                }
            }
        }
        throw new IllegalArgumentException("no provider for spec type " + spec.getClass().getName());
    }

    /** Creates the object {@code spec} describes with its provider. */
    @SuppressWarnings("unchecked")
    public <T> T create(Spec spec, org.raven.api.PluginContext context) {
        return (T) providerOf(spec).createFrom(spec, context);
    }
}
