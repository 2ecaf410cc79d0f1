package org.raven.spark;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.util.Modules;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.raven.eval.RavenModule;
import org.raven.eval.report.Results;
import org.raven.eval.report.Summary;
import org.raven.eval.run.CellFailedException;
import org.raven.eval.run.ExecutorSettings;
import org.raven.eval.run.ExperimentRunner;
import org.raven.eval.spec.ExperimentSpec;
import org.raven.eval.spec.ExperimentSpecs;
import org.raven.eval.spec.SpecException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The main class of the shaded jar, for {@code spark-submit --class org.raven.spark.SparkMain
 * raven-spark-VERSION-cluster.jar SPEC.json --out /shared/runs/NAME [--resume]}: the same run as
 * {@code raven run --executor spark}, with the master and configuration that spark-submit passes.
 * Exit status 0 on success, 2 for bad input, 1 when cells failed (the finished ones are kept).
 */
@Command(name = "raven-spark", mixinStandardHelpOptions = true,
        description = "Run every model x seed cell of a spec as Spark tasks; results as `raven run` writes them.")
public final class SparkMain implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SPEC.json", description = "experiment spec (read on the driver)")
    Path specFile;

    @Option(names = "--out", paramLabel = "DIR",
            description = "output folder on a path every executor sees (default: runs/<spec name>)")
    Path out;

    @Option(names = "--resume", description = "continue the run in a non-empty output folder; finished cells are kept")
    boolean resume;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master (default: spark-submit's, else local[--workers])")
    String master;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "1",
            description = "local[N] when no master is given (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "extra Spark configuration, repeatable")
    Map<String, String> conf = new LinkedHashMap<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec command;

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command; returns the exit status. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new SparkMain());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            if (e instanceof SpecException spec) {
                spec.problems().forEach(commandLine.getErr()::println);
                return 2;
            }
            commandLine.getErr().println("raven-spark: " + e.getMessage());
            if (e instanceof CellFailedException) {
                commandLine.getErr().println("finished cells are kept; fix the cause and re-run with --resume");
            }
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        if (workers < 1) {
            throw new SpecException("--workers: must be >= 1 (was " + workers + ")");
        }
        ExecutorSettings settings = new ExecutorSettings(workers, master, conf);
        Injector injector = Guice.createInjector(Modules.override(RavenModule.withExtensions()).with(new SparkModule(settings)));
        ExperimentSpec spec = injector.getInstance(ExperimentSpecs.class).read(specFile);
        Path dir = out != null ? out : Path.of("runs", spec.name());
        Results results = injector.getInstance(ExperimentRunner.class).run(spec, dir, resume, workers);
        PrintWriter o = command.commandLine().getOut();
        o.printf(Locale.ROOT, "%-16s %8s %10s %10s%n", "model", "budget", "accuracy", "std");
        for (Summary.BudgetSummary s : results.summary()) {
            o.printf(Locale.ROOT, "%-16s %8.3f %10.4f %10.4f%n", s.model(), s.budget(), s.accuracy().mean(),
                    s.accuracy().std());
        }
        o.println("results in " + dir.toAbsolutePath());
        return 0;
    }
}
