package org.raven.eval.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's exit codes and messages (no training: run end-to-end is in EndToEndTest). */
public class RavenCliTest {

    public record Outcome(int status, String out, String err) {
    }

    public static Outcome raven(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = RavenCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(status, out.toString(), err.toString());
    }

    @Test
    void validatePrintsEveryProblemOnItsOwnLineAndExits2(@TempDir Path dir) throws Exception {
        Path spec = Files.writeString(dir.resolve("fig2.json"), """
                {"name": "fig2", "dataset": {"type": "test-data"},
                 "models": [{"name": "raven", "prior": {"type": "additive", "tau": 0}, "noise": {"type": "gaussian"}}],
                 "evaluation": {"attack": {"type": "pgd-lnf"}}}
                """);
        Outcome o = raven("validate", spec.toString());
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err().lines()).containsExactly(
                spec + ": $.evaluation.attack.type - unknown attack 'pgd-lnf'; available: apgd, ensemble, fgsm, latent-skl-pgd,"
                        + " latent-targeted, output, random-noise, test-attack",
                spec + ": $.models[0].prior.tau - must be > 0 (was 0.0)");
    }

    @Test
    void validateAcceptsAGoodSpecAndMissingFilesExit2(@TempDir Path dir) throws Exception {
        Path spec = Files.writeString(dir.resolve("ok.json"), """
                {"name": "ok", "dataset": {"type": "test-data"}, "seeds": [1, 2],
                 "models": [{"name": "vae", "prior": {"type": "standard-normal"}}]}
                """);
        Outcome ok = raven("validate", spec.toString());
        assertThat(ok.status()).isZero();
        assertThat(ok.out()).isEqualTo(spec + ": ok (1 models x 2 seeds = 2 cells, 5 budgets)\n");

        Outcome missing = raven("validate", dir.resolve("nope.json").toString());
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo(dir.resolve("nope.json") + ": file not found\n");

        assertThat(raven("run").status()).isEqualTo(2); // picocli usage error: missing SPEC.json
        assertThat(raven("report", dir.toString()).err()).isEqualTo(dir.resolve("results.json") + ": file not found\n");
        assertThat(raven("run", spec.toString(), "--workers", "0").err()).isEqualTo("--workers: must be >= 1 (was 0)\n");
        Outcome executor = raven("run", spec.toString(), "--executor", "nope");
        assertThat(executor.status()).isEqualTo(2);
        assertThat(executor.err()).isEqualTo("--executor: unknown executor 'nope'; available: local\n");
        assertThat(raven("run", spec.toString(), "--master", "local[2]").err())
                .isEqualTo("--master/--conf: only for a cluster executor; add --executor ID (available: local)\n");
    }

    @Test
    void listShowsEveryKindWithIdsOriginsAndDefaultSpecs() {
        Outcome o = raven("list");
        assertThat(o.status()).isZero();
        assertThat(o.out()).contains("attack (", "  latent-skl-pgd", "  test-attack", "\"type\" : \"test-attack\"",
                "\"steps\" : 10", "prior (", "  additive", "from org.raven.eval.testplugins.TestPriorProvider (",
                "\"stepSize\" : null", // keys without a default are listed too
                "executor (1): local");
    }

    @Test
    void doctorReportsBackendThreadsAndPlugins() {
        Outcome o = raven("doctor");
        assertThat(o.status()).isZero();
        assertThat(o.out()).contains("java: ", "nd4j backend: org.nd4j.linalg.cpu.nativecpu.CpuBackend",
                "OMP_NUM_THREADS=1", "attack test-attack: org.raven.eval.testplugins.TestAttackProvider", "dataset sources:");
    }

    /** What the org.raven loggers would print while {@code args} run, at the level logback is configured with. */
    private static java.util.List<String> logLines(String... args) {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> captured =
                new ch.qos.logback.core.read.ListAppender<>();
        captured.start();
        root.addAppender(captured);
        try {
            raven(args);
        } finally {
            root.detachAppender(captured);
        }
        return captured.list.stream().filter(e -> e.getLoggerName().startsWith("org.raven"))
                .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void quietByDefaultPluginLinesOnlyWithVerbose() {
        assertThat(logLines("list")).noneMatch(line -> line.startsWith("loaded "));
        assertThat(logLines("--verbose", "list")).anyMatch(line -> line.startsWith("loaded attack 'fgsm': "));
        assertThat(logLines("list", "-v")).anyMatch(line -> line.startsWith("loaded attack 'fgsm': "));
        assertThat(logLines("list")).as("--verbose does not stick to later runs").noneMatch(line -> line.startsWith("loaded "));
    }

    @Test
    void helpPrintsTheHelpAlone() {
        assertThat(logLines("--help")).isEmpty();
        Outcome help = raven("--help");
        assertThat(help.status()).isZero();
        assertThat(help.err()).isEmpty();
        assertThat(help.out()).startsWith("Usage: raven [-hvV] [COMMAND]").contains("-v, --verbose");
    }

    @Test
    void resumeIntoAnotherExperimentsFolderExits2WithOneLineAndDeletesNothing(@TempDir Path dir) throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        String a = """
                {"name": "a", "dataset": {"type": "test-data"}, "seeds": [1], "evaluation": {"testPoints": 8},
                 "models": [{"name": "vae", "prior": {"type": "standard-normal"}}]}
                """;
        Files.writeString(run.resolve("spec.resolved.json"), a);
        Path checkpoint = Files.createDirectories(run.resolve("cells/vae-seed1/checkpoints")).resolve("epoch-0001.ckpt");
        Files.write(checkpoint, new byte[] {1, 2, 3});
        Path b = Files.writeString(dir.resolve("b.json"), a.replace("\"a\"", "\"b\""));
        Outcome o = raven("run", b.toString(), "--out", run.toString(), "--resume");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).isEqualTo(run + ": holds another experiment ('a'); this spec ('b') differs in name (\"a\" in the"
                + " folder, \"b\" here). Nothing was changed: resume it with its own spec (spec.resolved.json) or choose"
                + " another --out\n");
        assertThat(checkpoint).hasBinaryContent(new byte[] {1, 2, 3});
        assertThat(Files.readString(run.resolve("spec.resolved.json"))).isEqualTo(a);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "workers {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2})
    void aCellLockedByALiveProcessEndsTheRunWithExit2AndTheLockLine(int workers, @TempDir Path dir) throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path spec = Files.writeString(dir.resolve("spec.json"), """
                {"name": "ok", "dataset": {"type": "test-data"}, "seeds": [1, 2], "evaluation": {"testPoints": 8},
                 "models": [{"name": "vae", "prior": {"type": "standard-normal"}}]}
                """);
        Files.copy(spec, out.resolve("spec.resolved.json")); // a run folder of this experiment, no cell finished
        java.util.List<Path> cells = java.util.List.of(out.resolve("cells/vae-seed1"), out.resolve("cells/vae-seed2"));
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), org.raven.eval.run.LockHolder.class.getName()));
        cells.forEach(c -> command.add(c.toString()));
        Process holder = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            assertThat(new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream())).readLine())
                    .isEqualTo("locked");
            Outcome o = raven("run", spec.toString(), "--out", out.toString(), "--resume", "--workers", Integer.toString(workers));
            assertThat(o.status()).as(o.err()).isEqualTo(2);
            assertThat(o.err()).isEqualTo(cells.get(0) + ": this cell is being computed by process " + holder.pid()
                    + " (alive) (cell.lock is locked); wait for that run to finish or stop it, then --resume\n");
            assertThat(cells).allSatisfy(c -> assertThat(c.resolve("result.json")).doesNotExist());
            assertThat(out.resolve("results.json")).doesNotExist();
        } finally {
            holder.destroyForcibly();
            holder.waitFor();
        }
    }
}
