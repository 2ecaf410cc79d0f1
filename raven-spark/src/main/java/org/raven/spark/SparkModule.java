package org.raven.spark;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import org.raven.eval.run.CellExecutor;
import org.raven.eval.run.CellStore;
import org.raven.eval.run.ExecutorSettings;

/**
 * Overrides raven-eval's executor with Spark:
 * {@code Guice.createInjector(Modules.override(new RavenModule()).with(new SparkModule(settings)))}.
 * The {@code workers} that {@link org.raven.eval.run.ExperimentRunner} asks for become
 * {@code local[workers]} when the settings name no master.
 */
public final class SparkModule extends AbstractModule {

    private final ExecutorSettings settings;

    public SparkModule(ExecutorSettings settings) {
        this.settings = settings;
    }

    @Provides
    @Singleton
    CellExecutor.Factory executors(CellStore store) {
        return workers -> new SparkExecutor(new ExecutorSettings(workers, settings.master(), settings.conf()), store);
    }
}
