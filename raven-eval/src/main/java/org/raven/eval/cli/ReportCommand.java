package org.raven.eval.cli;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.raven.eval.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code raven report DIR}: rewrites the CSV, every plot and {@code report.html} from {@code DIR/results.json}. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Rewrite results.csv, the plots and report.html (one self-contained page) of a run folder"
                + " from its results.json.")
public final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR")
    Path dir;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    private final RunReport report;

    @Inject
    ReportCommand(RunReport report) {
        this.report = report;
    }

    @Override
    public Integer call() {
        report.redraw(dir).forEach(f -> command.commandLine().getOut().println("wrote " + f));
        return RavenCli.OK;
    }
}
