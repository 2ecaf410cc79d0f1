package org.raven.eval.cli;

import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.Plugin;
import org.raven.api.PluginContext;
import org.raven.api.PluginKind;
import org.raven.api.PluginRegistry;
import org.raven.core.BackendInfo;
import org.raven.datasets.DataSources;
import org.raven.eval.Plugins;
import org.raven.eval.report.Provenance;
import picocli.CommandLine.Command;

/** {@code raven doctor}: the environment a run would see, for bug reports and set-up checks. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Show Java, the ND4J backend (and GPUs on CUDA), BLAS, threads, every plugin with its jar, and dataset sources.")
public final class DoctorCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    private final Plugins plugins;
    private final PluginContext context;

    @Inject
    DoctorCommand(Plugins plugins, PluginContext context) {
        this.plugins = plugins;
        this.context = context;
    }

    @Override
    public Integer call() {
        var out = command.commandLine().getOut();
        out.println("raven " + Provenance.currentProjectVersion() + ", ND4J/DL4J " + Provenance.nd4jVersion());
        out.println("java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.home") + ")");
        out.println("os: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " processors, max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
        out.println("OMP_NUM_THREADS=" + System.getenv().getOrDefault("OMP_NUM_THREADS", "(unset)")
                + ", OMP_WAIT_POLICY=" + System.getenv().getOrDefault("OMP_WAIT_POLICY", "(unset)"));
        Map<String, String> backend = Provenance.backendInfo();
        BackendInfo info = BackendInfo.current();
        out.println("nd4j backend: " + PluginRegistry.origin(Nd4j.getBackend()) + " (" + (info.cuda() ? "CUDA" : "CPU, no GPU") + ")");
        if (info.cuda()) {
            out.println("gpus: " + info.gpus().size() + " visible, CUDA_VISIBLE_DEVICES="
                    + System.getenv().getOrDefault("CUDA_VISIBLE_DEVICES", "(unset)"));
            info.gpus().forEach(gpu -> out.println("  " + gpu.describe()));
            if (info.gpus().stream().anyMatch(gpu -> gpu.computeMajor() >= 9)) {
                out.println("  warning: nd4j-cuda-11.6 predates compute capability 9.0 (Hopper, sm_90); it runs there only"
                        + " through PTX compiled by the driver, if at all, and has not been tested on such a GPU");
            }
        }
        out.println("native: platform " + org.bytedeco.javacpp.Loader.getPlatform() + ", cache "
                + cacheDir());
        org.bytedeco.javacpp.Loader.getLoadedLibraries().forEach((name, path) -> {
            if (name.contains("nd4j") || name.contains("openblas") || name.contains("cuda") || name.contains("cublas")) {
                out.println("  " + name + " = " + path);
            }
        });
        out.println("blas: " + backend.getOrDefault("blas.vendor", "unknown") + ", threads "
                + backend.getOrDefault("blas.threads", "unknown"));
        backend.forEach((k, v) -> {
            if (!k.equals("backend") && !k.equals("cuda.devicesInformation")) { // the GPU list is printed above
                out.println("  " + k + " = " + v);
            }
        });
        out.println("plugins:");
        for (PluginKind kind : PluginKind.values()) {
            PluginRegistry<Plugin<?, ?>> registry = plugins.registry(kind);
            for (Plugin<?, ?> p : registry.providers()) {
                out.println("  " + kind.label() + " " + p.id() + ": " + PluginRegistry.origin(p));
            }
        }
        out.println("data home: " + context.dataHome() + (context.offline() ? " (offline)" : ""));
        out.println("dataset sources:");
        for (DataSources.Location where : DataSources.survey(context)) {
            out.println("  " + where.describe());
        }
        return RavenCli.OK;
    }

    private static String cacheDir() {
        try {
            return String.valueOf(org.bytedeco.javacpp.Loader.getCacheDir());
        } catch (java.io.IOException e) {
            return "unavailable (" + e.getMessage() + ")";
        }
    }
}
