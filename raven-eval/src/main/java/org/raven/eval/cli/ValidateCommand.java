package org.raven.eval.cli;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.ArrayList;
import java.util.List;
import org.raven.api.data.Dataset;
import org.raven.eval.run.DatasetCache;
import org.raven.eval.run.RunChecks;
import org.raven.eval.spec.ExperimentSpec;
import org.raven.eval.spec.SpecException;
import org.raven.eval.spec.ExperimentSpecs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code raven validate SPEC.json}: every problem at once, or the grid it describes. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a spec and report every problem (exit 2), or print its size.")
public final class ValidateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SPEC.json")
    Path specFile;

    @Option(names = "--resolved", description = "also print the spec with every default filled in")
    boolean resolved;

    @Option(names = "--data", description = "also load the dataset (its files, sizes and checksums) and check the spec"
            + " against it: testPoints, budgets, each model's memory, the estimated wall time")
    boolean data;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    private final ExperimentSpecs specs;
    private final DatasetCache datasets;

    @Inject
    ValidateCommand(ExperimentSpecs specs, DatasetCache datasets) {
        this.specs = specs;
        this.datasets = datasets;
    }

    @Override
    public Integer call() {
        ExperimentSpec spec = specs.read(specFile);
        Dataset loaded = data ? datasets.get(spec.dataset()) : null;
        String file = specFile.toString();
        List<String> problems = new ArrayList<>();
        if (loaded != null) {
            problems.addAll(RunChecks.againstData(file, spec, loaded, specs.mapper()));
        }
        int workers = spec.executor().workers();
        RunChecks.Estimate estimate = RunChecks.estimate(spec, specs.mapper(), loaded == null ? 1 : loaded.train().shape().size(),
                loaded == null ? 0 : loaded.train().size(), workers);
        StringBuilder memory = new StringBuilder();
        problems.addAll(RunChecks.limits(file, spec, estimate, RunChecks.memoryPerCell(workers, memory), memory.toString()));
        if (!problems.isEmpty()) {
            throw new SpecException(problems);
        }
        var out = command.commandLine().getOut();
        out.println(specFile + ": ok (" + spec.models().size() + " models x " + spec.seeds().size() + " seeds = "
                + (long) spec.models().size() * spec.seeds().size() + " cells, " + spec.evaluation().budgets().size()
                + " budgets)");
        if (loaded != null) {
            out.println(loaded.description() + ": " + loaded.train().size() + " train, " + loaded.test().size() + " test"
                    + " examples of " + loaded.train().shape() + (loaded.files().isEmpty() ? "" : ", " + loaded.files().size()
                    + " files") + (Double.isNaN(estimate.hours()) ? "" : "; estimated at "
                    + RunChecks.describe(estimate.hours()) + " with " + workers + " worker(s)"));
        }
        if (resolved) {
            out.println(specs.toJson(spec));
        }
        return RavenCli.OK;
    }
}
