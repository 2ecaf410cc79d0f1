package org.raven.eval.cli;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.raven.eval.spec.ExperimentSpec;
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

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    private final ExperimentSpecs specs;

    @Inject
    ValidateCommand(ExperimentSpecs specs) {
        this.specs = specs;
    }

    @Override
    public Integer call() {
        ExperimentSpec spec = specs.read(specFile);
        var out = command.commandLine().getOut();
        out.println(specFile + ": ok (" + spec.models().size() + " models x " + spec.seeds().size() + " seeds = "
                + spec.models().size() * spec.seeds().size() + " cells, " + spec.evaluation().budgets().size()
                + " budgets)");
        if (resolved) {
            out.println(specs.toJson(spec));
        }
        return RavenCli.OK;
    }
}
