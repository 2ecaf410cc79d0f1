package org.raven.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.raven.api.PluginContext;
import org.raven.api.Problem;
import org.raven.api.data.Dataset;
import org.raven.api.data.InputShape;
import org.raven.api.data.LabeledData;

class SyntheticDatasetTest {

    private static final PluginContext CONTEXT = new PluginContext(Path.of("unused"), true);

    private static Dataset generate(SyntheticSpec spec) {
        return new SyntheticProvider().create(spec, CONTEXT);
    }

    @Test
    void defaultShapesRangeAndBalancedLabels() {
        Dataset data = generate(SyntheticSpec.defaults());
        assertThat(data.description()).isEqualTo("synthetic (10 classes, 1x28x28, noise 0.1, seed 0)");
        assertThat(data.train().features().shape()).containsExactly(2000L, 784L);
        assertThat(data.test().features().shape()).containsExactly(500L, 784L);
        assertThat(data.train().shape()).isEqualTo(new InputShape(1, 28, 28));
        assertThat(data.train().numClasses()).isEqualTo(10);
        for (LabeledData split : new LabeledData[] {data.train(), data.test()}) {
            assertThat(split.features().minNumber().doubleValue()).isEqualTo(0.0);
            assertThat(split.features().maxNumber().doubleValue()).isGreaterThan(0.9).isLessThanOrEqualTo(1.0);
            int[] counts = new int[10];
            for (int label : split.labels()) {
                counts[label]++;
            }
            assertThat(counts).containsOnly(split.size() / 10);
        }
        // the labels are shuffled, not in blocks or cycles
        assertThat(data.train().labels()).isNotEqualTo(cycle(2000));
    }

    private static int[] cycle(int n) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
        }
        return labels;
    }

    @Test
    void sameSeedSameData_otherSeedOtherData() {
        SyntheticSpec spec = new SyntheticSpec(200, 50, null, null, null, 5L);
        Dataset a = generate(spec);
        Dataset b = generate(spec);
        Dataset c = generate(new SyntheticSpec(200, 50, null, null, null, 6L));
        assertThat(b.train().features()).isEqualTo(a.train().features());
        assertThat(b.train().labels()).isEqualTo(a.train().labels());
        assertThat(b.test().features()).isEqualTo(a.test().features());
        assertThat(c.train().features()).isNotEqualTo(a.train().features());
        assertThat(c.train().labels()).isNotEqualTo(a.train().labels());
        // train and test are drawn from different streams
        assertThat(a.test().features().getRow(0)).isNotEqualTo(a.train().features().getRow(0));
    }

    /** Nearest class mean on raw pixels: a cheap stand-in for "a small classifier can learn it". */
    static double nearestCentroidAccuracy(Dataset data) {
        LabeledData train = data.train();
        LabeledData test = data.test();
        int classes = train.numClasses();
        int d = train.shape().size();
        float[] trainX = train.features().data().asFloat();
        float[] testX = test.features().data().asFloat();
        double[][] centroid = new double[classes][d];
        int[] counts = new int[classes];
        for (int i = 0; i < train.size(); i++) {
            counts[train.labels()[i]]++;
            for (int j = 0; j < d; j++) {
                centroid[train.labels()[i]][j] += trainX[i * d + j];
            }
        }
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < d; j++) {
                centroid[c][j] /= counts[c];
            }
        }
        int correct = 0;
        for (int i = 0; i < test.size(); i++) {
            int best = -1;
            double bestDistance = Double.MAX_VALUE;
            for (int c = 0; c < classes; c++) {
                double distance = 0;
                for (int j = 0; j < d; j++) {
                    double e = testX[i * d + j] - centroid[c][j];
                    distance += e * e;
                }
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = c;
                }
            }
            correct += best == test.labels()[i] ? 1 : 0;
        }
        return correct / (double) test.size();
    }

    @Test
    void learnableWellAboveChance() {
        for (long seed = 0; seed < 3; seed++) {
            double accuracy = nearestCentroidAccuracy(generate(new SyntheticSpec(null, null, null, null, null, seed)));
            System.err.printf("synthetic seed %d: nearest-centroid test accuracy %.3f (chance 0.1)%n", seed, accuracy);
            assertThat(accuracy).as("seed " + seed).isGreaterThan(0.8);
        }
    }

    @Test
    void notTrivialWithHeavyNoise() {
        // with noise 1 the pixels are mostly noise: accuracy must drop, showing the noise key does something
        double clean = nearestCentroidAccuracy(generate(new SyntheticSpec(500, 300, null, null, 0.0, 1L)));
        double noisy = nearestCentroidAccuracy(generate(new SyntheticSpec(500, 300, null, null, 1.0, 1L)));
        assertThat(noisy).isLessThan(clean);
    }

    @Test
    void otherSizesAndClassCounts() {
        Dataset data = generate(new SyntheticSpec(30, 9, 3, 16, 0.0, 2L));
        assertThat(data.train().features().shape()).containsExactly(30L, 256L);
        assertThat(data.test().shape()).isEqualTo(new InputShape(1, 16, 16));
        assertThat(data.train().labels()).containsOnly(0, 1, 2);
        assertThat(data.description()).isEqualTo("synthetic (3 classes, 1x16x16, noise 0.0, seed 2)");
    }

    @Test
    void prototypesAreSmoothStrokes() {
        SyntheticImages.Stroke stroke = new SyntheticImages.Stroke(0.2, 0.5, 0.8, 0.5, 0.05);
        assertThat(stroke.intensity(0.5, 0.5)).isEqualTo(1.0);
        assertThat(stroke.intensity(0.5, 0.55)).isCloseTo(Math.exp(-0.5), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(stroke.intensity(0.1, 0.5)).isCloseTo(Math.exp(-0.5 * 4), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(stroke.intensity(0.5, 0.9)).isEqualTo(0.0);
        float[] image = SyntheticImages.render(new SyntheticImages.Stroke[] {stroke}, 20);
        assertThat(image[10 * 20 + 10]).isGreaterThan(0.6f);
        assertThat(image[0]).isEqualTo(0f);
    }

    @Test
    void specDefaultsAndEveryProblemAtOnce() {
        assertThat(new SyntheticProvider().defaultSpec()).isEqualTo(new SyntheticSpec(2000, 500, 10, 28, 0.1, 0L));
        assertThat(SyntheticSpec.defaults().validate()).isEmpty();
        SyntheticSpec bad = new SyntheticSpec(0, -1, 1, 4, 1.5, 0L);
        assertThat(bad.validate()).containsExactly(
                new Problem("trainSize", "must be > 0 (was 0)"),
                new Problem("testSize", "must be > 0 (was -1)"),
                new Problem("classes", "must be in [2.0, 256.0] (was 1)"),
                new Problem("imageSize", "must be in [8.0, 256.0] (was 4)"),
                new Problem("noise", "must be in [0.0, 1.0] (was 1.5)"));
        assertThat(new SyntheticSpec(3_000_000, null, null, 256, null, null).validate()).containsExactly(
                new Problem("trainSize", "must be <= 32767 so that trainSize x imageSize^2 fits one float array (was 3000000)"));
        assertThatThrownBy(() -> new SyntheticProvider().create(bad, CONTEXT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("synthetic spec: [trainSize - must be > 0 (was 0), testSize - must be > 0 (was -1)");
    }
}
