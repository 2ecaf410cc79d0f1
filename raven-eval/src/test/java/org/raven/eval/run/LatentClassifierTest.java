package org.raven.eval.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LatentClassifierTest {

    /** Three Gaussian blobs in 4-D, centres 4 apart, unit noise. */
    private static INDArray blobs(int n, int[] labels, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] z = new float[n * 4];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            for (int j = 0; j < 4; j++) {
                z[i * 4 + j] = (float) ((j == labels[i] ? 4 : 0) + gauss(r));
            }
        }
        return Nd4j.create(z, new long[] {n, 4});
    }

    private static double gauss(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    @Test
    void learnsSeparableClassesAndIsRepeatable() {
        int[] labels = new int[600];
        INDArray z = blobs(600, labels, 1);
        int[] testLabels = new int[300];
        INDArray test = blobs(300, testLabels, 2);
        LatentClassifier a = LatentClassifier.train(z, labels, 3, 16, 5, 1e-2, 32, 7);
        LatentClassifier b = LatentClassifier.train(z, labels, 3, 16, 5, 1e-2, 32, 7);
        assertThat(a.accuracy(test, testLabels)).isGreaterThan(0.95);
        assertThat(a.predict(test)).isEqualTo(b.predict(test));
        // Labels that ignore the data cannot be learnt beyond chance on fresh points.
        int[] shuffled = new int[600];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 600; i++) {
            shuffled[i] = r.nextInt(3);
        }
        int[] testShuffled = new int[300];
        for (int i = 0; i < 300; i++) {
            testShuffled[i] = r.nextInt(3);
        }
        assertThat(LatentClassifier.train(z, shuffled, 3, 16, 5, 1e-2, 32, 7).accuracy(test, testShuffled))
                .isLessThan(0.5);
    }

    @Test
    void neitherReseedsNorDrawsFromNd4jsGlobalGenerator() {
        int[] labels = new int[90];
        INDArray z = blobs(90, labels, 1);
        Nd4j.getRandom().setSeed(11);
        double expected = Nd4j.getRandom().nextDouble();
        Nd4j.getRandom().setSeed(11);
        LatentClassifier a = LatentClassifier.train(z, labels, 3, 8, 2, 1e-2, 32, 7);
        assertThat(Nd4j.getRandom().nextDouble()).isEqualTo(expected);
        // and the global generator's state does not change the classifier
        Nd4j.getRandom().setSeed(12345);
        LatentClassifier b = LatentClassifier.train(z, labels, 3, 8, 2, 1e-2, 32, 7);
        assertThat(b.parameters()).isEqualTo(a.parameters());
        assertThat(LatentClassifier.train(z, labels, 3, 8, 2, 1e-2, 32, 8).parameters()).isNotEqualTo(a.parameters());
    }
}
