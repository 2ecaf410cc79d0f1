package org.raven.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.util.Modules;
import java.util.ArrayList;
import java.util.List;
import org.raven.api.PluginContext;
import org.raven.api.PluginRegistry;
import org.raven.api.arch.ArchitectureProvider;
import org.raven.api.attack.AttackProvider;
import org.raven.api.data.DatasetProvider;
import org.raven.api.defence.InferenceProvider;
import org.raven.api.defence.TrainingDefenceProvider;
import org.raven.api.noise.NoiseProvider;
import org.raven.api.prior.PriorProvider;
import org.raven.eval.run.CellExecutor;
import org.raven.eval.run.CellExecutors;
import org.raven.eval.run.CellRunner;
import org.raven.eval.run.CellStore;
import org.raven.eval.run.LocalExecutor;
import org.raven.eval.spec.SpecMapper;

/**
 * Composes the framework from the plugins on the class path: one {@link PluginRegistry} per kind
 * (loaded with {@link java.util.ServiceLoader} from the context class loader), the strict spec
 * {@link ObjectMapper} with a subtype per provider, the {@link PluginContext}, the cell runner and
 * the executor. Nothing is wired by hand elsewhere.
 */
public class RavenModule extends AbstractModule {

    /** System property naming extra Guice modules (comma-separated class names) that override these bindings. */
    public static final String EXTENSIONS_PROPERTY = "raven.modules";

    private final ClassLoader loader;

    public RavenModule() {
        this(contextLoader());
    }

    public RavenModule(ClassLoader loader) {
        this.loader = loader;
    }

    /**
     * This module overridden by the modules named in {@code -Draven.modules=a.B,c.D} (each with a
     * public no-argument constructor). Worker processes inherit the property, so they compose alike.
     */
    public static Module withExtensions() {
        String names = System.getProperty(EXTENSIONS_PROPERTY, "").trim();
        List<Module> extra = new ArrayList<>();
        for (String name : names.isEmpty() ? new String[0] : names.split(",")) {
            try {
                extra.add((Module) Class.forName(name.trim(), true, contextLoader()).getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException | ClassCastException e) {
                throw new IllegalArgumentException("cannot load Guice module '" + name.trim() + "' named in -D"
                        + EXTENSIONS_PROPERTY + ": " + e, e);
            }
        }
        return Modules.override(new RavenModule()).with(extra);
    }

    private static ClassLoader contextLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : RavenModule.class.getClassLoader();
    }

    @Override
    protected void configure() {
        bind(CellStore.class).in(Singleton.class);
        bind(CellRunner.class).to(org.raven.eval.run.VaeCellRunner.class);
    }

    @Provides
    @Singleton
    Plugins plugins() {
        return Plugins.load(loader);
    }

    @Provides
    @Singleton
    ObjectMapper specMapper(Plugins plugins) {
        return SpecMapper.create(plugins);
    }

    @Provides
    @Singleton
    PluginContext pluginContext() {
        return PluginContext.fromEnvironment();
    }

    @Provides
    @Singleton
    CellExecutor.Factory executors(CellRunner runner, CellStore store) {
        return workers -> new LocalExecutor(workers, runner, store);
    }

    @Provides
    @Singleton
    CellExecutors executorProviders() {
        return new CellExecutors(loader);
    }

    @Provides
    PluginRegistry<ArchitectureProvider<?>> architectures(Plugins plugins) {
        return plugins.architectures();
    }

    @Provides
    PluginRegistry<AttackProvider<?>> attacks(Plugins plugins) {
        return plugins.attacks();
    }

    @Provides
    PluginRegistry<DatasetProvider<?>> datasets(Plugins plugins) {
        return plugins.datasets();
    }

    @Provides
    PluginRegistry<TrainingDefenceProvider<?>> defences(Plugins plugins) {
        return plugins.defences();
    }

    @Provides
    PluginRegistry<InferenceProvider<?>> inferences(Plugins plugins) {
        return plugins.inferences();
    }

    @Provides
    PluginRegistry<NoiseProvider<?>> noises(Plugins plugins) {
        return plugins.noises();
    }

    @Provides
    PluginRegistry<PriorProvider<?>> priors(Plugins plugins) {
        return plugins.priors();
    }
}
