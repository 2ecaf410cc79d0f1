package org.raven.eval.cli;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.raven.eval.report.Results;
import org.raven.eval.report.Summary;
import org.raven.eval.run.CellExecutorProvider;
import org.raven.eval.run.CellExecutors;
import org.raven.eval.run.CellRunner;
import org.raven.eval.run.CellStore;
import org.raven.eval.run.ExecutorSettings;
import org.raven.eval.run.DatasetCache;
import org.raven.eval.run.ExperimentRunner;
import org.raven.eval.run.RunChecks;
import org.raven.api.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import org.raven.eval.spec.ExperimentSpec;
import org.raven.eval.spec.ExperimentSpecs;
import org.raven.eval.spec.SpecException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code raven run SPEC.json [--out DIR] [--resume] [--workers N] [--executor ID [--master URL] [--conf K=V]...]}. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Train, attack and report every model x seed of a spec.")
public final class RunCommand implements Callable<Integer> {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunCommand.class);

    @Parameters(index = "0", paramLabel = "SPEC.json", description = "experiment spec")
    Path specFile;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: runs/<spec name>)")
    Path out;

    @Option(names = "--resume", description = "continue the run of this experiment in its non-empty output folder; finished"
            + " cells are kept (a folder of another experiment is refused)")
    boolean resume;

    @Option(names = "--workers", paramLabel = "N", description = "parallel worker processes (default: the spec's executor.workers)")
    Integer workers;

    @Option(names = "--executor", paramLabel = "ID",
            description = "where cells run: local (default) or another installed executor, e.g. spark")
    String executor;

    @Option(names = "--master", paramLabel = "URL", description = "cluster master for cluster executors")
    String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "executor configuration, repeatable")
    Map<String, String> conf = new LinkedHashMap<>();

    @Option(names = "--yes", description = "start even when the run is estimated to take more than "
            + "24 hours (the estimate is printed either way)")
    boolean yes;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    private final ExperimentSpecs specs;
    private final ExperimentRunner runner;
    private final CellExecutors executors;
    private final CellRunner cellRunner;
    private final CellStore store;
    private final DatasetCache datasets;

    @Inject
    RunCommand(ExperimentSpecs specs, ExperimentRunner runner, CellExecutors executors, CellRunner cellRunner,
            CellStore store, DatasetCache datasets) {
        this.datasets = datasets;
        this.specs = specs;
        this.runner = runner;
        this.executors = executors;
        this.cellRunner = cellRunner;
        this.store = store;
    }

    @Override
    public Integer call() {
        if (workers != null && workers < 1) {
            throw new SpecException("--workers: must be >= 1 (was " + workers + ")");
        }
        CellExecutorProvider provider = executor == null ? null : executors.get(executor);
        if (provider == null && (master != null || !conf.isEmpty())) {
            throw new SpecException("--master/--conf: only for a cluster executor; add --executor ID (available: "
                    + String.join(", ", executors.ids()) + ")");
        }
        ExperimentSpec spec = specs.read(specFile);
        // Local cells read the data here too (loaded once, shared in-process): check it and the spec against it now.
        preflight(spec, provider == null ? datasets.get(spec.dataset()) : null);
        Path dir = out != null ? out : Path.of("runs", spec.name());
        Results results = provider == null ? runner.run(spec, dir, resume, workers)
                : runner.run(spec, dir, resume, workers,
                        w -> provider.create(new ExecutorSettings(w, master, conf), cellRunner, store));
        var o = command.commandLine().getOut();
        o.printf(Locale.ROOT, "%-16s %8s %10s %10s%n", "model", "budget", "accuracy", "std");
        for (Summary.BudgetSummary s : results.summary()) {
            o.printf(Locale.ROOT, "%-16s %8.3f %10.4f %10.4f%n", s.model(), s.budget(), s.accuracy().mean(),
                    s.accuracy().std());
        }
        if (results.paired() != null && !results.paired().isEmpty()) {
            o.println("paired by seed (" + (spec.training().commonRandomNumbers() ? "common random numbers"
                    : "independent draws per model") + "): accuracy minus the reference's");
            o.printf(Locale.ROOT, "%-16s %-16s %8s %10s %10s %4s%n", "model", "reference", "budget", "diff", "std", "n");
            for (Summary.PairedDifference d : results.paired()) {
                o.printf(Locale.ROOT, "%-16s %-16s %8.3f %+10.4f %10.4f %4d%n", d.model(), d.reference(), d.budget(),
                        d.accuracy().mean(), d.accuracy().std(), d.accuracy().n());
            }
        }
        o.println("results in " + dir.toAbsolutePath());
        return RavenCli.OK;
    }

    /**
     * Refuses what cannot fit (cells, a model's memory) and what the data contradicts, every problem at once; a run
     * estimated above {@link RunChecks#CONFIRM_ABOVE_HOURS} starts only with {@code --yes}.
     *
     * @param data the loaded dataset, or null when cells run elsewhere (sizes then are lower bounds)
     */
    private void preflight(ExperimentSpec spec, Dataset data) {
        int parallel = workers != null ? workers : spec.executor().workers();
        String file = specFile.toString();
        List<String> problems = new ArrayList<>();
        if (data != null) {
            problems.addAll(RunChecks.againstData(file, spec, data, specs.mapper()));
        }
        RunChecks.Estimate estimate = RunChecks.estimate(spec, specs.mapper(), data == null ? 1 : data.train().shape().size(),
                data == null ? 0 : data.train().size(), parallel);
        StringBuilder memory = new StringBuilder();
        long perCell = RunChecks.memoryPerCell(parallel, memory);
        problems.addAll(RunChecks.limits(file, spec, estimate, perCell, memory.toString()));
        if (!problems.isEmpty()) {
            throw new SpecException(problems);
        }
        if (data != null && !Double.isNaN(estimate.hours())) {
            String about = RunChecks.describe(estimate.hours());
            if (estimate.hours() > RunChecks.CONFIRM_ABOVE_HOURS && !yes) {
                throw new SpecException(file + ": estimated at " + about + " for " + estimate.cells() + " cells with "
                        + parallel + " worker(s) (if nothing is finished yet); pass --yes to start it, or shrink the spec");
            }
            LOG.info("{}: estimated at {} for {} cells with {} worker(s), if nothing is finished yet", spec.name(),
                    about, estimate.cells(), parallel);
        }
    }
}
