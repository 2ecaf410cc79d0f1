package org.raven.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.raven.eval.run.CellExecutorProvider;
import org.raven.eval.run.ExecutorSettings;

/** Configuration rules that need no running Spark context. */
class SparkSettingsTest {

    @Test
    void withoutAMasterLocalModeGetsOneThreadPerWorkerAndOneCpuAndBlasThreadPerTask() {
        SparkConf conf = SparkExecutor.configuration(new ExecutorSettings(3, null, Map.of()));
        assertThat(conf.get("spark.master")).isEqualTo("local[3]");
        assertThat(conf.get("spark.app.name")).isEqualTo("raven");
        assertThat(conf.get("spark.task.cpus")).isEqualTo("1");
        assertThat(conf.get("spark.executorEnv.OMP_NUM_THREADS")).isEqualTo("1");
    }

    @Test
    void theMasterAndConfPairsWinAndExecutorsGetTaskCpusOpenMpThreads() {
        SparkConf conf = SparkExecutor.configuration(new ExecutorSettings(3, "spark://head:7077",
                Map.of("spark.task.cpus", "2", "spark.app.name", "fig2", "spark.task.maxFailures", "3")));
        assertThat(conf.get("spark.master")).isEqualTo("spark://head:7077");
        assertThat(conf.get("spark.app.name")).isEqualTo("fig2");
        assertThat(conf.get("spark.executorEnv.OMP_NUM_THREADS")).isEqualTo("2");
        assertThat(SparkExecutor.maxAttempts(conf)).isEqualTo(3);
    }

    @Test
    void attemptsPerTaskFollowSparksRulesForEachMaster() {
        assertThat(attempts("local", null)).isEqualTo(1);
        assertThat(attempts("local[2]", "5")).isEqualTo(1); // local mode ignores spark.task.maxFailures
        assertThat(attempts("local[*]", null)).isEqualTo(1);
        assertThat(attempts("local[2,3]", null)).isEqualTo(3);
        assertThat(attempts("local[*, 4]", null)).isEqualTo(4);
        assertThat(attempts("yarn", null)).isEqualTo(4); // Spark's default
        assertThat(attempts("k8s://https://api:6443", "2")).isEqualTo(2);
    }

    private static int attempts(String master, String maxFailures) {
        SparkConf conf = new SparkConf(false).setMaster(master);
        if (maxFailures != null) {
            conf.set("spark.task.maxFailures", maxFailures);
        }
        return SparkExecutor.maxAttempts(conf);
    }

    @Test
    void theRunFolderIsTheParentOfTheCellsFolder() {
        assertThat(SparkExecutor.runFolder(Path.of("/shared/runs/fig2/cells/raven-seed3")))
                .isEqualTo(Path.of("/shared/runs/fig2"));
        assertThat(SparkExecutor.runFolder(Path.of("/tmp/x/raven-seed3"))).isEqualTo(Path.of("/tmp/x"));
    }

    @Test
    void serviceLoaderFindsTheSparkProvider() {
        List<String> ids = ServiceLoader.load(CellExecutorProvider.class).stream()
                .map(p -> p.get().id()).toList();
        assertThat(ids).contains("spark").doesNotHaveDuplicates();
    }

    @Test
    void failuresAreDescribedWithTheirRootCause() {
        assertThat(RunCell.describe(new IllegalStateException("deliberate")))
                .isEqualTo("IllegalStateException: deliberate");
        assertThat(RunCell.describe(new RuntimeException("cannot train", new java.io.IOException("disk full"))))
                .isEqualTo("RuntimeException: cannot train (caused by IOException: disk full)");
        assertThat(RunCell.describe(new RuntimeException(new java.io.IOException("disk full"))))
                .isEqualTo("RuntimeException: java.io.IOException: disk full");
    }
}
