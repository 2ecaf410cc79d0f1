package org.raven.eval.cli;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.raven.eval.report.Results;
import org.raven.eval.report.Summary;
import org.raven.eval.run.ExperimentRunner;
import org.raven.eval.spec.ExperimentSpec;
import org.raven.eval.spec.ExperimentSpecs;
import org.raven.eval.spec.SpecException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code raven run SPEC.json [--out DIR] [--resume] [--workers N]}. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Train, attack and report every model x seed of a spec.")
public final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SPEC.json", description = "experiment spec")
    Path specFile;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: runs/<spec name>)")
    Path out;

    @Option(names = "--resume", description = "continue the run in a non-empty output folder; finished cells are kept")
    boolean resume;

    @Option(names = "--workers", paramLabel = "N", description = "parallel worker processes (default: the spec's executor.workers)")
    Integer workers;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    private final ExperimentSpecs specs;
    private final ExperimentRunner runner;

    @Inject
    RunCommand(ExperimentSpecs specs, ExperimentRunner runner) {
        this.specs = specs;
        this.runner = runner;
    }

    @Override
    public Integer call() {
        if (workers != null && workers < 1) {
            throw new SpecException("--workers: must be >= 1 (was " + workers + ")");
        }
        ExperimentSpec spec = specs.read(specFile);
        Path dir = out != null ? out : Path.of("runs", spec.name());
        Results results = runner.run(spec, dir, resume, workers);
        var o = command.commandLine().getOut();
        o.printf(Locale.ROOT, "%-16s %8s %10s %10s%n", "model", "budget", "accuracy", "std");
        for (Summary.BudgetSummary s : results.summary()) {
            o.printf(Locale.ROOT, "%-16s %8.3f %10.4f %10.4f%n", s.model(), s.budget(), s.accuracy().mean(),
                    s.accuracy().std());
        }
        o.println("results in " + dir.toAbsolutePath());
        return RavenCli.OK;
    }
}
