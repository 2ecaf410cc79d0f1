package org.raven.eval.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchCommandTest {

    @Test
    void printsTheTableForEachThreadSetting() {
        RavenCliTest.Outcome bench = RavenCliTest.raven("bench", "--threads", "1", "--windows", "1", "--window-seconds", "0.05");
        assertThat(bench.status()).as(bench.err()).isZero();
        assertThat(bench.out()).contains("== OMP_NUM_THREADS=1, OMP_WAIT_POLICY=PASSIVE");
        assertThat(bench.out()).containsIgnoringCase("raven").containsIgnoringCase("vae").containsIgnoringCase("attack")
                .containsIgnoringCase("roofline").containsIgnoringCase("rss");
    }

    @Test
    void rejectsAThreadCountBelowOne() {
        RavenCliTest.Outcome bench = RavenCliTest.raven("bench", "--threads", "0");
        assertThat(bench.status()).isEqualTo(RavenCli.BAD_INPUT);
        assertThat(bench.err()).contains("raven bench: --threads must be >= 1 (was 0)");
    }
}
