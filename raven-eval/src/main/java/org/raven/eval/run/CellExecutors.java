package org.raven.eval.run;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.raven.api.PluginRegistry;
import org.raven.eval.spec.SpecException;

/** The {@link CellExecutorProvider}s on the class path, by id. */
public final class CellExecutors {

    private final Map<String, CellExecutorProvider> byId = new TreeMap<>();

    /** Loads the providers visible to {@code loader}; a duplicate id is an error naming both classes. */
    public CellExecutors(ClassLoader loader) {
        for (CellExecutorProvider p : ServiceLoader.load(CellExecutorProvider.class, loader)) {
            CellExecutorProvider before = byId.putIfAbsent(p.id(), p);
            if (before != null) {
                throw new IllegalStateException("duplicate executor id '" + p.id() + "': "
                        + PluginRegistry.origin(before) + " and " + PluginRegistry.origin(p));
            }
        }
    }

    public List<String> ids() {
        return List.copyOf(byId.keySet());
    }

    /** @throws SpecException {@code --executor: unknown executor 'x'; available: local, spark} */
    public CellExecutorProvider get(String id) {
        CellExecutorProvider p = byId.get(id);
        if (p == null) {
            throw new SpecException("--executor: unknown executor '" + id + "'; available: " + String.join(", ", ids()));
        }
        return p;
    }
}
