package org.raven.eval.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code raven bench}: the speed table of the fused mlp path ({@code org.raven.bench.FastBench}) at
 * each thread setting, each in a fresh JVM because OpenMP reads its thread count once per process.
 * The benchmark lives in the raven-bench module, which this module does not depend on: the {@code raven}
 * launcher puts raven-bench's jar on the class path, and the child JVMs inherit it.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure training (vae, raven) and attack throughput, the gemm roofline ratio and peak RSS",
            "(mlp 784-512-512, latent 16, batch 128), once per thread setting, each in its own JVM."})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--threads", split = ",", defaultValue = "1,2",
            description = "OpenMP/BLAS thread counts to measure, each with OMP_WAIT_POLICY=PASSIVE (default: ${DEFAULT-VALUE})")
    List<Integer> threads;

    @Option(names = "--windows", defaultValue = "7", description = "timed windows per figure, after a warm-up (default: ${DEFAULT-VALUE})")
    int windows;

    @Option(names = "--window-seconds", defaultValue = "1.0", description = "length of a window (default: ${DEFAULT-VALUE})")
    double windowSeconds;

    @Option(names = "--samediff", description = "also time the SameDiff step, the path the fused one replaces")
    boolean samediff;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    /** The benchmark's main class, in raven-bench (named, not linked: raven-eval must not depend on it). */
    static final String MAIN_CLASS = "org.raven.bench.FastBench";

    @Override
    public Integer call() throws IOException, InterruptedException {
        var out = command.commandLine().getOut();
        for (int t : threads) {
            if (t < 1) {
                command.commandLine().getErr().println("raven bench: --threads must be >= 1 (was " + t + ")");
                return RavenCli.BAD_INPUT;
            }
        }
        if (BenchCommand.class.getClassLoader().getResource(MAIN_CLASS.replace('.', '/') + ".class") == null) {
            command.commandLine().getErr().println("raven bench: " + MAIN_CLASS + " is not on the class path; the benchmarks"
                    + " are in the raven-bench module: build it (mvn -B -DskipTests install, or let ./raven build it) and run"
                    + " ./raven bench, which adds raven-bench/target/raven-bench-*.jar");
            return RavenCli.FAILURE;
        }
        for (int t : threads) {
            out.println("== OMP_NUM_THREADS=" + t + ", OMP_WAIT_POLICY=PASSIVE");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), MAIN_CLASS,
                    "--windows", Integer.toString(windows), "--window-seconds", Double.toString(windowSeconds),
                    "--java-threads", Integer.toString(Math.min(t, 2))));
            if (samediff) {
                cmd.add("--samediff");
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("OMP_NUM_THREADS", Integer.toString(t));
            pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
            Process process = pb.start();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    // Library start-up noise (ND4J's INFO/WARN lines) is not part of the table.
                    if (!line.matches(".* (INFO|WARN|DEBUG) .*") && !line.startsWith("SLF4J")) {
                        out.println(line);
                    }
                }
            }
            int status = process.waitFor();
            if (status != 0) {
                command.commandLine().getErr().println("raven bench: the benchmark at " + t + " thread(s) exited with " + status);
                return RavenCli.FAILURE;
            }
        }
        return RavenCli.OK;
    }
}
