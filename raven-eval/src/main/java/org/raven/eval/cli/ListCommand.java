package org.raven.eval.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import org.raven.api.Plugin;
import org.raven.api.PluginKind;
import org.raven.api.PluginRegistry;
import org.raven.eval.Plugins;
import org.raven.eval.run.CellExecutors;
import picocli.CommandLine.Command;

/** {@code raven list}: every plugin by kind with its id, origin, description and default spec JSON. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the plugins by kind: id, class and jar, and the default spec (every key and default).")
public final class ListCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    private final Plugins plugins;
    private final ObjectMapper mapper;
    private final CellExecutors executors;

    @Inject
    ListCommand(Plugins plugins, ObjectMapper mapper, CellExecutors executors) {
        this.plugins = plugins;
        this.mapper = mapper;
        this.executors = executors;
    }

    @Override
    public Integer call() throws Exception {
        var out = command.commandLine().getOut();
        // Unlike spec files, the listing shows keys whose default is null, so that every key is visible.
        ObjectMapper all = mapper.copy().setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS);
        for (PluginKind kind : PluginKind.values()) {
            PluginRegistry<Plugin<?, ?>> registry = plugins.registry(kind);
            out.println(kind.label() + " (" + registry.ids().size() + "):");
            for (Plugin<?, ?> p : registry.providers()) {
                out.println("  " + p.id() + (p.description().isEmpty() ? "" : " - " + p.description()));
                out.println("    from " + PluginRegistry.origin(p));
                String json = all.writerFor(kind.specBase()).withDefaultPrettyPrinter()
                        .writeValueAsString(p.defaultSpec()).replace("\n", "\n    ");
                out.println("    " + json);
            }
        }
        out.println("executor (" + executors.ids().size() + "): " + String.join(", ", executors.ids())
                + "  (raven run --executor ID)");
        return RavenCli.OK;
    }
}
