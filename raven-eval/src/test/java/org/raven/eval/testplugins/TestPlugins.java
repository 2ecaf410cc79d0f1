package org.raven.eval.testplugins;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.raven.api.Plugin;
import org.raven.api.PluginKind;
import org.raven.api.PluginRegistry;
import org.raven.eval.Plugins;

/** The plugins of the real modules on the test class path, without the test-only ones except those kept. */
public final class TestPlugins {

    private TestPlugins() {
    }

    /** Real providers, plus the test-only providers whose ids are in {@code keepTestIds}. */
    public static Plugins real(Set<String> keepTestIds) {
        Map<PluginKind, List<Plugin<?, ?>>> map = new EnumMap<>(PluginKind.class);
        for (PluginKind kind : PluginKind.values()) {
            List<Plugin<?, ?>> kept = new ArrayList<>();
            for (Plugin<?, ?> p : PluginRegistry.<Plugin<?, ?>>load(kind, TestPlugins.class.getClassLoader()).providers()) {
                boolean testOnly = p.getClass().getPackageName().equals(TestPlugins.class.getPackageName());
                if (!testOnly || keepTestIds.contains(p.id())) {
                    kept.add(p);
                }
            }
            map.put(kind, kept);
        }
        return Plugins.of(map);
    }
}
