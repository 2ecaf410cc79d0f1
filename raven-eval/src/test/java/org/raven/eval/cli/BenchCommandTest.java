package org.raven.eval.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
}
