package org.raven.eval.run;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import org.raven.api.PluginContext;
import org.raven.api.data.Dataset;
import org.raven.api.data.DatasetSpec;
import org.raven.eval.Plugins;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads each dataset spec once per process, so the cells run in one process share it. */
@Singleton
public final class DatasetCache {

    private static final Logger LOG = LoggerFactory.getLogger(DatasetCache.class);

    private final Plugins plugins;
    private final PluginContext context;
    private final Map<DatasetSpec, Dataset> loaded = new HashMap<>();

    @Inject
    public DatasetCache(Plugins plugins, PluginContext context) {
        this.plugins = plugins;
        this.context = context;
    }

    public synchronized Dataset get(DatasetSpec spec) {
        return loaded.computeIfAbsent(spec, s -> {
            long t0 = System.nanoTime();
            Dataset d = plugins.create(s, context);
            LOG.info("loaded {}: {} train, {} test examples of {} ({} s)", d.description(), d.train().size(),
                    d.test().size(), d.train().shape(), String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9));
            return d;
        });
    }
}
