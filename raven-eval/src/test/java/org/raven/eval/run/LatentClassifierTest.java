package org.raven.eval.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.model.DifferentiableEncoder;
import org.raven.api.model.Posterior;
import org.raven.attacks.HeadLoss;
import org.raven.attacks.LatentLoss;
import org.raven.attacks.Objective;
import org.raven.attacks.Objectives;
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

    /** A linear encoder in double precision: mu = x A, logVar = 0; its VJP is gMu A^T. */
    private record LinearEncoder(INDArray a) implements DifferentiableEncoder {
        @Override
        public int inputSize() {
            return (int) a.size(0);
        }

        @Override
        public int latentDim() {
            return (int) a.size(1);
        }

        @Override
        public Posterior encode(INDArray x) {
            INDArray mu = x.castTo(DataType.DOUBLE).mmul(a);
            return new Posterior(mu, mu.ulike().assign(0));
        }

        @Override
        public INDArray inputGradient(INDArray x, INDArray gradMu, INDArray gradLogVar) {
            return gradMu.castTo(DataType.DOUBLE).mmul(a.transpose());
        }
    }

    @Test
    void classifierAwareInputGradientsMatchFiniteDifferences() {
        int[] labels = new int[300];
        LatentClassifier head = LatentClassifier.train(blobs(300, labels, 1), labels, 3, 16, 3, 1e-2, 32, 7);
        // logits agree with the predictions the accuracy is scored with
        INDArray z = blobs(20, new int[20], 4).castTo(DataType.DOUBLE);
        double[] logits = new double[20 * 3];
        head.logits(z.reshape(-1).toDoubleVector(), 20, logits);
        int[] predicted = head.predict(z);
        for (int i = 0; i < 20; i++) {
            for (int c = 0; c < 3; c++) {
                assertThat(logits[i * 3 + c]).isLessThanOrEqualTo(logits[i * 3 + predicted[i]]);
            }
        }
        // d loss / d x through the classifier's backward pass and the encoder, for both classifier losses
        SplittableRandom r = new SplittableRandom(5);
        double[] a = new double[6 * 4];
        for (int i = 0; i < a.length; i++) {
            a[i] = 3 * gauss(r);
        }
        DifferentiableEncoder encoder = new LinearEncoder(Nd4j.create(a, new long[] {6, 4}, DataType.DOUBLE));
        double[] xs = new double[5 * 6];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = 0.1 + 0.8 * r.nextDouble();
        }
        INDArray x = Nd4j.create(xs, new long[] {5, 6}, DataType.DOUBLE);
        int[] y = {0, 1, 2, 0, 1};
        for (LatentLoss loss : new LatentLoss[] {HeadLoss.crossEntropy(head, y), HeadLoss.dlr(head, y)}) {
            Objective objective = Objectives.latent(encoder, 5, loss);
            INDArray g = objective.valueAndGradient(x, new double[5]).dup();
            double[] plus = new double[5];
            double[] minus = new double[5];
            double h = 1e-6;
            double largest = 0;
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 6; j++) {
                    INDArray p = x.dup();
                    p.putScalar(i, j, x.getDouble(i, j) + h);
                    INDArray m = x.dup();
                    m.putScalar(i, j, x.getDouble(i, j) - h);
                    objective.value(p, plus);
                    objective.value(m, minus);
                    double fd = (plus[i] - minus[i]) / (2 * h);
                    assertThat(g.getDouble(i, j)).as("d loss[%d] / d x[%d, %d]", i, i, j)
                            .isCloseTo(fd, within(1e-6 * (1 + Math.abs(fd))));
                    largest = Math.max(largest, Math.abs(fd));
                }
            }
            assertThat(largest).as("a non-trivial gradient").isGreaterThan(1e-3);
        }
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
