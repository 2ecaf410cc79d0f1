package org.raven.eval.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * raven-eval alone does not have the benchmarks (they are in raven-bench, which nothing depends on), so
 * here {@code raven bench} must say what is missing; raven-bench's RavenBenchTest runs the table end to end.
 */
class BenchCommandTest {

    @Test
    void namesTheMissingModuleWhenRavenBenchIsNotOnTheClassPath() {
        RavenCliTest.Outcome bench = RavenCliTest.raven("bench", "--threads", "1", "--windows", "1");
        assertThat(bench.status()).isEqualTo(RavenCli.FAILURE);
        assertThat(bench.err()).contains("raven bench: org.raven.bench.FastBench is not on the class path")
                .contains("raven-bench/target/raven-bench-*.jar");
        assertThat(bench.out()).doesNotContain("== OMP_NUM_THREADS");
    }

    @Test
    void rejectsAThreadCountBelowOne() {
        RavenCliTest.Outcome bench = RavenCliTest.raven("bench", "--threads", "0");
        assertThat(bench.status()).isEqualTo(RavenCli.BAD_INPUT);
        assertThat(bench.err()).contains("raven bench: --threads must be >= 1 (was 0)");
    }

    @Test
    void modelAndSeedWithoutACellAreRefused() {
        RavenCliTest.Outcome bench = RavenCliTest.raven("bench", "--model", "raven");
        assertThat(bench.status()).isEqualTo(RavenCli.BAD_INPUT);
        assertThat(bench.err()).contains("raven bench: --model and --seed choose the cell of --cell SPEC");
    }

    @Test
    void theCellProfileRunsInAChildJvmWithThisJvmsClassPathAndTheChosenCell() {
        List<String> cmd = BenchCommand.cellCommand(Path.of("spec.json"), "raven", 2L);
        assertThat(cmd.get(0)).endsWith("java");
        assertThat(cmd).containsSequence("-cp", System.getProperty("java.class.path"));
        assertThat(cmd.subList(cmd.size() - 6, cmd.size()))
                .containsExactly(CellProfileMain.class.getName(), "spec.json", "--model", "raven", "--seed", "2");
        assertThat(BenchCommand.cellCommand(Path.of("spec.json"), null, null))
                .endsWith(CellProfileMain.class.getName(), "spec.json");
    }

    @Test
    void logLinesAndTheJvmsIncubatorNoteAreNoPartOfTheTable() {
        assertThat(BenchCommand.shown("12:00:01 INFO  Trainer - epoch 1/10")).isFalse();
        assertThat(BenchCommand.shown("WARNING: Using incubator modules: jdk.incubator.vector")).isFalse();
        assertThat(BenchCommand.shown("epoch 1: 422 steps                 7.100     7.300     7.050")).isTrue();
    }
}
