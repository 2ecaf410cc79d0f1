package org.raven.eval.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.raven.eval.RavenModule;
import org.raven.eval.run.CellProfile;
import org.raven.eval.run.CellResult;
import org.raven.eval.run.CellRunner;
import org.raven.eval.run.CellSpec;
import org.raven.eval.run.CellStore;
import org.raven.eval.run.ExperimentRunner;
import org.raven.eval.spec.ExperimentSpec;
import org.raven.eval.spec.ExperimentSpecs;
import org.raven.eval.spec.ModelSpec;
import org.raven.eval.spec.SpecException;

/**
 * The whole-cell profile of {@code raven bench --cell SPEC [--model NAME] [--seed N]}, in the JVM that runs the cell
 * (started by {@link BenchCommand}, so that the JVM's start-up is part of it): runs one cell of the spec (its first
 * model and seed unless chosen) in a temporary run folder, exactly as a worker would, and prints the wall and CPU time
 * of each phase ({@link CellProfile}).
 */
public final class CellProfileMain {

    private CellProfileMain() {
    }

    /** The cell to profile: a spec file and, when given, a model name and a seed. */
    record Choice(Path spec, String model, Long seed) {

        static Choice parse(List<String> args) {
            Path spec = null;
            String model = null;
            Long seed = null;
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if ((a.equals("--model") || a.equals("--seed")) && i + 1 == args.size()) {
                    throw new SpecException(a + ": expected a value after it");
                }
                switch (a) {
                    case "--model" -> model = args.get(++i);
                    case "--seed" -> {
                        String value = args.get(++i);
                        try {
                            seed = Long.parseLong(value);
                        } catch (NumberFormatException e) {
                            throw new SpecException("--seed: expected an integer, was '" + value + "'");
                        }
                    }
                    default -> {
                        if (a.startsWith("-") || spec != null) {
                            throw new SpecException("unexpected argument '" + a + "'; usage: SPEC.json [--model NAME] [--seed N]");
                        }
                        spec = Path.of(a);
                    }
                }
            }
            if (spec == null) {
                throw new SpecException("no spec file; usage: SPEC.json [--model NAME] [--seed N]");
            }
            return new Choice(spec, model, seed);
        }

        /** The chosen cell of {@code cells} (the plan of {@code spec}); its first model and seed by default. */
        CellSpec pick(ExperimentSpec experiment, List<CellSpec> cells) {
            String m = model != null ? model : experiment.models().get(0).name();
            long s = seed != null ? seed : experiment.seeds().get(0);
            if (experiment.models().stream().noneMatch(x -> x.name().equals(m))) {
                throw new SpecException("--model: " + spec + " has no model '" + m + "' (it has "
                        + String.join(", ", experiment.models().stream().map(ModelSpec::name).toList()) + ")");
            }
            if (!experiment.seeds().contains(s)) {
                throw new SpecException("--seed: " + spec + " has no seed " + s + " (it has " + experiment.seeds() + ")");
            }
            return cells.stream().filter(c -> c.model().equals(m) && c.seed() == s).findFirst().orElseThrow();
        }
    }

    public static void main(String[] args) throws IOException {
        double startWall = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3; // JVM start to main
        Injector injector = Guice.createInjector(RavenModule.withExtensions());
        CellProfile profile = new CellProfile();
        // The JVM's start-up and the injector: wall since the JVM started, CPU of the process and of this thread so far.
        double readyWall = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
        double readyCpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
        double readyThread = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1e9;
        profile.add(String.format(Locale.ROOT, "JVM start to ready (main at %.2f s)", startWall), readyWall, readyCpu,
                readyThread);
        try {
            run(injector, Choice.parse(List.of(args)), profile, System.out);
        } catch (SpecException e) {
            System.err.println("raven bench --cell: " + e.getMessage());
            System.exit(RavenCli.BAD_INPUT);
        }
        System.exit(RavenCli.OK);
    }

    /** Runs the chosen cell in a temporary folder (deleted after) and prints its profile to {@code out}. */
    static void run(Injector injector, Choice choice, CellProfile profile, PrintStream out) throws IOException {
        profile.restart();
        ExperimentSpec spec = injector.getInstance(ExperimentSpecs.class).read(choice.spec());
        ExperimentRunner runner = injector.getInstance(ExperimentRunner.class);
        CellSpec cell = choice.pick(spec, runner.plan(spec));
        Path folder = Files.createTempDirectory("raven-cell-profile");
        try {
            Path dir = runner.writeCell(folder, cell);
            profile.phaseEnded("read spec, write cell.json");
            CellResult result = injector.getInstance(CellRunner.class).run(dir, profile);
            injector.getInstance(CellStore.class).writeResult(dir, result);
            profile.phaseEnded("write result.json");
        } finally {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        out.printf(Locale.ROOT, "cell profile: %s of %s (%s), %s, OMP_NUM_THREADS=%s, load average %.2f, %d CPUs%n",
                cell.key(), choice.spec(), spec.name(), Instant.now(), System.getenv().getOrDefault("OMP_NUM_THREADS", "(unset)"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
        profile.print(out);
    }
}
