package org.raven.spark;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.util.Modules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.raven.eval.RavenModule;
import org.raven.eval.run.ExecutorSettings;
import org.raven.eval.run.ExperimentRunner;
import org.raven.eval.spec.ExperimentSpec;
import org.raven.eval.spec.ExperimentSpecs;

/**
 * Wall time of one grid under the local executor (1 and 2 workers) and Spark local[N]. Not a test:
 * {@code java [Java 17 flags] -cp ... org.raven.spark.SparkGridBench [seeds] [epochs] [sparkThreads]}.
 * A warm-up run comes first so that every timed run finds ND4J loaded and the JIT warm.
 */
public final class SparkGridBench {

    private SparkGridBench() {
    }

    public static void main(String[] args) throws Exception {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        StringBuilder seedList = new StringBuilder();
        for (int s = 1; s <= seeds; s++) {
            seedList.append(s == 1 ? "" : ", ").append(s);
        }
        String json = """
                {"name": "bench", "dataset": {"type": "synthetic", "trainSize": 96, "testSize": 32, "classes": 2, "imageSize": 8},
                 "seeds": [%s], "architecture": {"type": "mlp", "hidden": [32], "latentDim": 4},
                 "models": [{"name": "vae", "prior": {"type": "standard-normal"}},
                            {"name": "raven", "prior": {"type": "additive"}, "noise": {"type": "gaussian"}}],
                 "training": {"epochs": %d, "batchSize": 32},
                 "evaluation": {"budgets": [0, 0.1], "testPoints": 24, "tsnePoints": 0,
                                "attack": {"type": "latent-skl-pgd", "steps": 5}, "classifier": {"epochs": 2}}}
                """.formatted(seedList, epochs);
        Injector local = Guice.createInjector(new RavenModule());
        ExperimentSpec spec = local.getInstance(ExperimentSpecs.class).parse("bench.json", json);
        ExperimentRunner localRunner = local.getInstance(ExperimentRunner.class);
        Map<String, String> conf = Map.of("spark.ui.enabled", "false", "spark.driver.host", "127.0.0.1",
                "spark.driver.bindAddress", "127.0.0.1");
        ExperimentRunner sparkRunner = Guice.createInjector(Modules.override(new RavenModule())
                .with(new SparkModule(new ExecutorSettings(threads, "local[" + threads + "]", conf))))
                .getInstance(ExperimentRunner.class);
        Path root = Files.createTempDirectory("raven-spark-bench");
        int cells = 2 * seeds;
        localRunner.run(spec, root.resolve("warmup"), false, 1);
        double one = time(() -> localRunner.run(spec, root.resolve("local1"), false, 1));
        double two = time(() -> localRunner.run(spec, root.resolve("local2"), false, 2));
        double spark = time(() -> sparkRunner.run(spec, root.resolve("spark"), false, null));
        System.out.printf(Locale.ROOT, "grid: %d cells (2 models x %d seeds, %d epoch(s)), OMP_NUM_THREADS=%s, %d cpus%n",
                cells, seeds, epochs, System.getenv("OMP_NUM_THREADS"), Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "local executor, 1 worker (in process):   %6.1f s%n", one);
        System.out.printf(Locale.ROOT, "local executor, 2 workers (2 JVMs):      %6.1f s%n", two);
        System.out.printf(Locale.ROOT, "spark local[%d] (start/stop included):    %6.1f s%n", threads, spark);
        System.out.println("output in " + root);
    }

    private static double time(Runnable run) {
        long t0 = System.nanoTime();
        run.run();
        return (System.nanoTime() - t0) / 1e9;
    }
}
