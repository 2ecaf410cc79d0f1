package org.raven.eval.cli;

import com.google.inject.ConfigurationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.raven.eval.RavenModule;
import org.raven.eval.run.CellFailedException;
import org.raven.eval.spec.SpecException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code raven}: run, validate and report experiments from JSON specs. Exit status 0 on success,
 * 2 for bad input (spec problems, bad or damaged data, missing files, an output folder that cannot be used, bad
 * options; the message alone, one line per problem), 1 for failures (with the stack trace under --verbose).
 */
@Command(name = "raven", mixinStandardHelpOptions = true, versionProvider = RavenCli.Version.class,
        description = "Robust VAEs: experiments from JSON specs to results, plots and reports.",
        subcommands = {RunCommand.class, ValidateCommand.class, ListCommand.class, DoctorCommand.class,
            ReportCommand.class, BenchCommand.class, ExportCommand.class, CommandLine.HelpCommand.class})
public final class RavenCli implements Callable<Integer> {

    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int BAD_INPUT = 2;

    /** Read before parsing (plugins load when the injector is made); declared so picocli accepts and documents it. */
    @CommandLine.Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
            description = "Also log diagnostics: which plugins were loaded and from where, per-batch attack progress.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return BAD_INPUT;
    }

    public static void main(String[] args) {
        PrintStream stdout = StdoutChatterFilter.install();
        System.exit(execute(args, new PrintWriter(stdout, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with a fresh Guice injector; returns the exit status. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose") || java.util.Arrays.asList(args).contains("-v");
        ch.qos.logback.classic.Logger raven = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.raven");
        ch.qos.logback.classic.Level before = raven.getLevel();
        if (verbose) {
            raven.setLevel(ch.qos.logback.classic.Level.DEBUG);
        }
        try {
            return executeWithInjector(args, out, err, verbose);
        } finally {
            raven.setLevel(before);
        }
    }

    private static int executeWithInjector(String[] args, PrintWriter out, PrintWriter err, boolean verbose) {
        Injector injector = Guice.createInjector(RavenModule.withExtensions());
        CommandLine cli = new CommandLine(new RavenCli(), new GuiceFactory(injector));
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            if (e instanceof SpecException spec) {
                spec.problems().forEach(commandLine.getErr()::println);
                return BAD_INPUT;
            }
            if (e instanceof CellFailedException) {
                commandLine.getErr().println("raven: " + e.getMessage().lines().findFirst().orElse("")
                        + (e.getMessage().lines().count() > 1 ? " ... (details above)" : ""));
                commandLine.getErr().println("finished cells are kept; fix the cause and re-run with --resume");
                return FAILURE;
            }
            String user = UserErrors.describe(e);
            if (user != null) {
                commandLine.getErr().println(user);
                if (verbose) {
                    org.slf4j.LoggerFactory.getLogger(RavenCli.class).debug("stack trace", e);
                }
                return BAD_INPUT;
            }
            commandLine.getErr().println("raven: " + e + (verbose ? "" : " (--verbose shows the stack trace)"));
            if (verbose) {
                org.slf4j.LoggerFactory.getLogger(RavenCli.class).error("failed", e);
            }
            return FAILURE;
        });
        cli.registerConverter(java.nio.file.Path.class, text -> {
            try {
                return java.nio.file.Path.of(text);
            } catch (java.nio.file.InvalidPathException e) {
                throw new CommandLine.TypeConversionException("'" + text.replace("\0", "\\0") + "' is not a valid path ("
                        + e.getReason() + ")");
            }
        });
        // One line for a bad option or argument (picocli would add the whole usage text); --help has it.
        cli.setParameterExceptionHandler((e, commandArgs) -> {
            CommandLine c = e.getCommandLine();
            String user = UserErrors.describe(e);
            c.getErr().println((user != null ? user : e.getMessage().replace("\0", "\\0")) + " (see raven " + (c.getCommandName().equals("raven")
                    ? "" : c.getCommandName() + " ") + "--help)");
            return BAD_INPUT;
        });
        return cli.execute(args);
    }

    /** Creates commands through Guice so that they get their collaborators injected. */
    static final class GuiceFactory implements CommandLine.IFactory {
        private final Injector injector;

        GuiceFactory(Injector injector) {
            this.injector = injector;
        }

        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type.getPackageName().equals(RavenCli.class.getPackageName())) {
                try {
                    return injector.getInstance(type);
                } catch (ConfigurationException e) {
                    // Not a Guice-made class: picocli's own factory handles it.
                }
            }
            return CommandLine.defaultFactory().create(type);
        }
    }

    /** The project version from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"raven " + org.raven.eval.report.Provenance.currentProjectVersion()};
        }
    }
}
