package org.raven.eval.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.raven.eval.run.ChildJvm;
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

    @Option(names = "--cell", paramLabel = "SPEC", description = {"instead: run one cell of SPEC in a fresh JVM and print the",
        "wall and CPU time of each phase (JVM start, data, each epoch's steps, held-out MSE, checkpoint, classifier,",
        "clean bound, each attack budget, t-SNE, writes), with this JVM's OMP_NUM_THREADS"})
    Path cell;

    @Option(names = "--model", description = "with --cell: the model to run (default: the spec's first)")
    String model;

    @Option(names = "--seed", description = "with --cell: the seed to run (default: the spec's first)")
    Long seed;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    /** The benchmark's main class, in raven-bench (named, not linked: raven-eval must not depend on it). */
    static final String MAIN_CLASS = "org.raven.bench.FastBench";

    /** The child command of {@code --cell}: {@link CellProfileMain} in a JVM with this one's flags. */
    static List<String> cellCommand(Path spec, String model, Long seed) {
        List<String> cmd = ChildJvm.command(CellProfileMain.class.getName());
        cmd.add(spec.toString());
        if (model != null) {
            cmd.add("--model");
            cmd.add(model);
        }
        if (seed != null) {
            cmd.add("--seed");
            cmd.add(seed.toString());
        }
        return cmd;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        var out = command.commandLine().getOut();
        if (cell != null) {
            int status = runChild(new ProcessBuilder(cellCommand(cell, model, seed)), out);
            if (status != RavenCli.OK) {
                command.commandLine().getErr().println("raven bench --cell: the cell's JVM exited with " + status);
            }
            return status == RavenCli.BAD_INPUT ? RavenCli.BAD_INPUT : status == RavenCli.OK ? RavenCli.OK : RavenCli.FAILURE;
        }
        if (model != null || seed != null) {
            command.commandLine().getErr().println("raven bench: --model and --seed choose the cell of --cell SPEC");
            return RavenCli.BAD_INPUT;
        }
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
            List<String> cmd = ChildJvm.command(MAIN_CLASS);
            cmd.addAll(List.of("--windows", Integer.toString(windows), "--window-seconds", Double.toString(windowSeconds),
                    "--java-threads", Integer.toString(Math.min(t, 2))));
            if (samediff) {
                cmd.add("--samediff");
            }
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().put("OMP_NUM_THREADS", Integer.toString(t));
            pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
            int status = runChild(pb, out);
            if (status != 0) {
                command.commandLine().getErr().println("raven bench: the benchmark at " + t + " thread(s) exited with " + status);
                return RavenCli.FAILURE;
            }
        }
        return RavenCli.OK;
    }

    /** Runs {@code pb}, copying its output to {@code out} without log lines; returns its exit status. */
    private static int runChild(ProcessBuilder pb, java.io.PrintWriter out) throws IOException, InterruptedException {
        Process process = pb.redirectErrorStream(true).start();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (shown(line)) {
                    out.println(line);
                    out.flush();
                }
            }
        }
        return process.waitFor();
    }

    /** Library start-up noise (ND4J's INFO/WARN lines, the cell's log, the JVM's incubator note) is no part of a table. */
    static boolean shown(String line) {
        return !line.matches(".* (INFO|WARN|DEBUG) .*") && !line.startsWith("SLF4J") && !ChildJvm.isIncubatorNotice(line);
    }
}
