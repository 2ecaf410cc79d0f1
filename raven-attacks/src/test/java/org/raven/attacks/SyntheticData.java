package org.raven.attacks;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.testkit.ToyAutoEncoder;

/** Class prototypes in [0.15, 0.85]^D plus Gaussian noise, clipped to [0, 1]; and a model fit on them. */
final class SyntheticData {

    final double[][] x;
    final int[] labels;

    private SyntheticData(double[][] x, int[] labels) {
        this.x = x;
        this.labels = labels;
    }

    static SyntheticData generate(int n, int inputs, int classes, double noise, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] prototypes = new double[classes][inputs];
        for (double[] p : prototypes) {
            for (int i = 0; i < inputs; i++) {
                p[i] = 0.15 + 0.7 * rng.nextDouble();
            }
        }
        SplittableRandom draws = rng.split();
        double[][] x = new double[n][inputs];
        int[] labels = new int[n];
        for (int r = 0; r < n; r++) {
            labels[r] = r % classes;
            for (int i = 0; i < inputs; i++) {
                x[r][i] = Math.min(1, Math.max(0, prototypes[labels[r]][i] + noise * draws.nextGaussian()));
            }
        }
        return new SyntheticData(x, labels);
    }

    INDArray features(DataType type) {
        return Fixtures.matrix(x, type);
    }

    /** A small model trained on 300 examples of this task (about a second). */
    static ToyAutoEncoder trainedModel(int inputs, int classes, long seed) {
        int latent = 4;
        SyntheticData train = generate(300, inputs, classes, 0.1, seed);
        SplittableRandom rng = new SplittableRandom(seed + 1);
        double[][] codes = new double[classes][latent];
        for (double[] c : codes) {
            for (int j = 0; j < latent; j++) {
                c[j] = 1.5 * rng.nextGaussian();
            }
        }
        ToyAutoEncoder model = new ToyAutoEncoder(inputs, 16, latent, seed + 2);
        model.fit(train.x, train.labels, codes, 60, 0.02, seed + 3);
        return model;
    }
}
