package org.raven.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.util.Modules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import com.google.inject.AbstractModule;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raven.eval.RavenModule;
import org.raven.eval.report.Results;
import org.raven.eval.report.RunReport;
import org.raven.eval.run.CellExecutor;
import org.raven.eval.run.CellFailedException;
import org.raven.eval.run.CellResult;
import org.raven.eval.run.CellStore;
import org.raven.eval.run.CellTask;
import org.raven.eval.run.EpochMetrics;
import org.raven.eval.run.ExecutorSettings;
import org.raven.eval.run.ExperimentRunner;
import org.raven.eval.spec.ExperimentSpec;
import org.raven.eval.spec.ExperimentSpecs;
import org.raven.spark.testplugins.BlockingPriorProvider;
import org.raven.spark.testplugins.FailingPriorProvider;

/**
 * Real cells (tiny mlp VAEs on the synthetic dataset at 8x8) through Spark local mode and through the
 * local executor: equal numbers, the run folder's files, a failing cell, resume.
 */
class SparkExecutorTest {

    /** No UI server, loopback only: tests must not open public ports. */
    private static final Map<String, String> TEST_CONF = Map.of("spark.ui.enabled", "false",
            "spark.driver.host", "127.0.0.1", "spark.driver.bindAddress", "127.0.0.1");

    private static final String SPEC = """
            {"name": "tiny", "dataset": {"type": "synthetic", "trainSize": 192, "testSize": 32, "classes": 2, "imageSize": 8},
             "seeds": %s,
             "architecture": {"type": "mlp", "hidden": [32], "latentDim": 4},
             "models": %s,
             "training": {"epochs": 2, "batchSize": 32},
             "evaluation": {"budgets": [0, 0.1], "testPoints": 24, "tsnePoints": 0,
                            "attack": {"type": "latent-skl-pgd", "steps": 5},
                            "classifier": {"epochs": 2}}}
            """;
    private static final String TWO_MODELS = """
            [{"name": "vae", "prior": {"type": "standard-normal"}},
             {"name": "raven", "prior": {"type": "additive"}, "noise": {"type": "gaussian"}}]""";

    private final Injector local = Guice.createInjector(new RavenModule());
    private final ExperimentSpecs specs = local.getInstance(ExperimentSpecs.class);
    private final CellStore store = local.getInstance(CellStore.class);
    private final ObjectMapper json = store.mapper();

    private static ExperimentRunner sparkRunner(String master) {
        ExecutorSettings settings = new ExecutorSettings(2, master, TEST_CONF);
        return Guice.createInjector(Modules.override(new RavenModule()).with(new SparkModule(settings)))
                .getInstance(ExperimentRunner.class);
    }

    private ExperimentSpec spec(String seeds, String models) {
        return specs.parse("tiny.json", SPEC.formatted(seeds, models));
    }

    @Test
    void sparkLocalModeGivesTheLocalExecutorsNumbersAndWritesTheSameFiles(@TempDir Path root) throws Exception {
        ExperimentSpec spec = spec("[1, 2]", TWO_MODELS);
        Results byLocal = local.getInstance(ExperimentRunner.class).run(spec, root.resolve("local"), false, 1);
        Path out = root.resolve("spark");
        Results bySpark = sparkRunner("local[2]").run(spec, out, false, null);

        assertThat(bySpark.cells()).extracting(CellResult::key)
                .containsExactly("vae-seed1", "vae-seed2", "raven-seed1", "raven-seed2");
        for (int i = 0; i < 4; i++) {
            CellResult l = byLocal.cells().get(i);
            CellResult s = bySpark.cells().get(i);
            assertThat(numbers(s)).as(s.key()).isEqualTo(numbers(l));
            assertThat(s.cleanAccuracy()).isBetween(0.0, 1.0);
        }
        assertThat(bySpark.summary()).isEqualTo(byLocal.summary());
        // The per-cell result.json files hold the same numbers as well.
        for (String key : List.of("vae-seed1", "raven-seed2")) {
            assertThat(numbers(store.readResult(out.resolve("cells").resolve(key))))
                    .isEqualTo(numbers(store.readResult(root.resolve("local/cells").resolve(key))));
        }

        assertThat(out.resolve(RunReport.RESULTS_JSON)).isRegularFile();
        assertThat(out.resolve(RunReport.RESULTS_CSV)).isRegularFile();
        assertThat(out.resolve("robustness.png")).isRegularFile();
        assertThat(Files.readAllLines(out.resolve(RunReport.RESULTS_CSV))).as("same CSV")
                .isEqualTo(Files.readAllLines(root.resolve("local").resolve(RunReport.RESULTS_CSV)));
        JsonNode spark = json.readTree(out.resolve(SparkExecutor.SPARK_FILE).toFile());
        assertThat(spark.path("master").asText()).isEqualTo("local[2]");
        assertThat(spark.path("applicationId").asText()).startsWith("local-");
        assertThat(spark.path("sparkVersion").asText()).isEqualTo("3.5.8");
        assertThat(spark.path("maxAttempts").asInt()).isEqualTo(1);
        assertThat(spark.path("taskCpus").asInt()).isEqualTo(1);
        List<String> statuses = new ArrayList<>();
        spark.path("cells").forEach(c -> statuses.add(c.path("key").asText() + "=" + c.path("status").asText()
                + "@" + c.path("executorId").asText()));
        assertThat(statuses).containsExactly("vae-seed1=done@driver", "raven-seed1=done@driver",
                "vae-seed2=done@driver", "raven-seed2=done@driver");
        // The equality above means something only if cells really ran side by side in this JVM.
        JsonNode first = spark.path("cells").get(0);
        JsonNode second = spark.path("cells").get(1);
        assertThat(Instant.parse(first.path("start").asText())).isBefore(Instant.parse(second.path("end").asText()));
        assertThat(Instant.parse(second.path("start").asText())).isBefore(Instant.parse(first.path("end").asText()));
    }

    @Test
    void aFailedCellIsRetriedThenReportedByNameWhileTheOthersFinish(@TempDir Path root) throws Exception {
        FailingPriorProvider.CALLS.set(0);
        ExperimentSpec spec = spec("[1]", """
                [{"name": "vae", "prior": {"type": "standard-normal"}},
                 {"name": "broken", "prior": {"type": "spark-test-failing"}}]""");
        Path out = root.resolve("run");
        // local[2,2]: Spark makes two attempts per task in local mode.
        assertThatThrownBy(() -> sparkRunner("local[2,2]").run(spec, out, false, null))
                .isInstanceOf(CellFailedException.class)
                .hasMessage("1 cell(s) failed: broken-seed1: IllegalStateException: deliberate failure of"
                        + " spark-test-failing (after 2 attempt(s))");
        assertThat(FailingPriorProvider.CALLS.get()).isEqualTo(2);
        CellResult vae = store.readResult(out.resolve("cells/vae-seed1"));
        assertThat(vae.key()).isEqualTo("vae-seed1");
        assertThat(vae.budgets()).hasSize(2);
        assertThat(out.resolve("cells/broken-seed1/result.json")).doesNotExist();
        JsonNode spark = json.readTree(out.resolve(SparkExecutor.SPARK_FILE).toFile());
        assertThat(spark.path("maxAttempts").asInt()).isEqualTo(2);
        JsonNode broken = spark.path("cells").get(1);
        assertThat(broken.path("key").asText()).isEqualTo("broken-seed1");
        assertThat(broken.path("status").asText()).isEqualTo("failed");
        assertThat(broken.path("attempts").asInt()).isEqualTo(2);
        assertThat(broken.path("error").asText())
                .isEqualTo("IllegalStateException: deliberate failure of spark-test-failing");
        assertThat(spark.path("cells").get(0).path("status").asText()).isEqualTo("done");
    }

    @Test
    void resumeSkipsFinishedCellsOnTheDriverAndInTheTasks(@TempDir Path root) throws Exception {
        ExperimentSpec spec = spec("[1]", TWO_MODELS);
        Path out = root.resolve("run");
        Results first = sparkRunner("local[2]").run(spec, out, false, null);
        Path vaeDir = out.resolve("cells/vae-seed1");
        Path ravenDir = out.resolve("cells/raven-seed1");
        var vaeWritten = Files.getLastModifiedTime(vaeDir.resolve(CellStore.RESULT_FILE));

        Files.delete(ravenDir.resolve(CellStore.RESULT_FILE)); // as if the run was killed before it finished
        Thread.sleep(20); // a recomputed file would have a later time stamp
        Results resumed = sparkRunner("local[2]").run(spec, out, true, null);
        assertThat(Files.getLastModifiedTime(vaeDir.resolve(CellStore.RESULT_FILE))).isEqualTo(vaeWritten);
        assertThat(resumed.cells().get(0)).isEqualTo(first.cells().get(0)); // vae: read back, timings included
        assertThat(resumed.cells().get(1).timings().start()).isNotEqualTo(first.cells().get(1).timings().start());
        assertThat(numbers(resumed.cells().get(1))).isEqualTo(numbers(first.cells().get(1)));
        JsonNode spark = json.readTree(out.resolve(SparkExecutor.SPARK_FILE).toFile());
        assertThat(spark.path("cells")).hasSize(1); // only raven-seed1 went to Spark
        assertThat(spark.path("cells").get(0).path("key").asText()).isEqualTo("raven-seed1");

        // Handed finished cells directly, the tasks return the stored results without computing.
        SparkExecutor executor = new SparkExecutor(new ExecutorSettings(2, "local[2]", TEST_CONF), store);
        List<CellResult> again = executor.execute(List.of(new CellTask("vae-seed1", vaeDir),
                new CellTask("raven-seed1", ravenDir)));
        assertThat(again).isEqualTo(resumed.cells());
        spark = json.readTree(out.resolve(SparkExecutor.SPARK_FILE).toFile());
        assertThat(spark.path("cells").findValuesAsText("status")).containsExactly("reused", "reused");
    }

    @Test
    void whenSparkAbortsTheJobFinishedCellsAreKeptAndTheOthersReported(@TempDir Path root) throws Exception {
        BlockingPriorProvider.STARTED = new CountDownLatch(1);
        ExperimentSpec spec = spec("[1]", """
                [{"name": "vae", "prior": {"type": "standard-normal"}},
                 {"name": "stuck", "prior": {"type": "spark-test-blocking"}}]""");
        Path out = root.resolve("run");
        SparkConf conf = SparkExecutor.configuration(new ExecutorSettings(1, "local[1]", TEST_CONF));
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            CellStore cells = new CellStore();
            ExperimentRunner runner = Guice.createInjector(Modules.override(new RavenModule()).with(new AbstractModule() {
                @Override
                protected void configure() {
                    bind(CellExecutor.Factory.class).toInstance(workers -> new SparkExecutor(sc, cells));
                }
            })).getInstance(ExperimentRunner.class);
            // local[1]: vae-seed1 (task 0) finishes before stuck-seed1 (task 1) starts and blocks; then cancel.
            Thread canceller = new Thread(() -> {
                try {
                    if (BlockingPriorProvider.STARTED.await(60, TimeUnit.SECONDS)) {
                        sc.cancelAllJobs();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            canceller.start();
            assertThatThrownBy(() -> runner.run(spec, out, false, null))
                    .isInstanceOf(CellFailedException.class)
                    .hasMessageStartingWith("1 cell(s) failed: stuck-seed1: Spark aborted the job: SparkException: Job 0 cancelled");
            canceller.join();
            assertThat(store.readResult(out.resolve("cells/vae-seed1")).key()).isEqualTo("vae-seed1");
            JsonNode spark = json.readTree(out.resolve(SparkExecutor.SPARK_FILE).toFile());
            assertThat(spark.path("aborted").asText()).startsWith("Spark aborted the job: SparkException: Job 0 cancelled");
            assertThat(spark.path("cells").findValuesAsText("status")).containsExactly("kept", "lost");
            assertThat(sc.sc().isStopped()).as("a context the caller owns stays up").isFalse();
        }
    }

    /** Everything a cell computed except wall times. */
    static List<Object> numbers(CellResult r) {
        List<Object> values = new ArrayList<>(List.of(r.dataset(), r.model(), r.seed(), r.hash(), r.cleanAccuracy(),
                r.cleanBound(), r.cleanMse(), r.budgets()));
        for (EpochMetrics m : r.training()) {
            values.add(List.of(m.epoch(), m.loss(), m.bound(), m.heldOutMse()));
        }
        return values;
    }
}
