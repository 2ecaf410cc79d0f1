package org.raven.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.raven.eval.cli.RavenCli;

/** {@code raven bench} end to end, with this module on the class path as the launcher puts it: one table per thread setting. */
class RavenBenchTest {

    @Test
    void printsTheTableForEachThreadSetting() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = RavenCli.execute(new String[] {"bench", "--threads", "1", "--windows", "1", "--window-seconds", "0.05"},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).contains("== OMP_NUM_THREADS=1, OMP_WAIT_POLICY=PASSIVE")
                .contains("FastBench: mlp 784-[512, 512] latent 16, batch 128")
                .contains("| gemm roofline: forward shapes, batch 128")
                .contains("| vae step (fused)")
                .contains("| raven step (fused, x and x' as 256 rows)")
                .contains("| latent-SKL PGD step (fused encoder)")
                .contains("Peak RSS (VmHWM) after the fused rows:")
                .doesNotContain("SameDiff");
    }
}
