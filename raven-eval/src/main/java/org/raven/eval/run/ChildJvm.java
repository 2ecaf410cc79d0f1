package org.raven.eval.run;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.raven.eval.RavenModule;

/** The command line of a child JVM (a cell worker, a benchmark) that runs like this one. */
public final class ChildJvm {

    private ChildJvm() {
    }

    /**
     * {@code java [memory, -D, -XX:, --add-opens and --add-modules flags of this JVM] -cp <this class path>
     * mainClass}; the extensions property is passed with its current value, which may have been set after start-up.
     */
    public static List<String> command(String mainClass) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            boolean extensions = arg.startsWith("-D" + RavenModule.EXTENSIONS_PROPERTY + "=");
            if (!extensions && (arg.startsWith("-Xm") || arg.startsWith("-Xss") || arg.startsWith("-D")
                    || arg.startsWith("-XX:") || arg.startsWith("--add-opens") || arg.startsWith("--add-modules"))) {
                command.add(arg);
            }
        }
        String extensions = System.getProperty(RavenModule.EXTENSIONS_PROPERTY);
        if (extensions != null) {
            command.add("-D" + RavenModule.EXTENSIONS_PROPERTY + "=" + extensions);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        return command;
    }

    /** The JVM's note that it runs with an incubating module (the Vector API), which is no output of ours. */
    public static boolean isIncubatorNotice(String line) {
        return line.startsWith("WARNING: Using incubator modules");
    }
}
