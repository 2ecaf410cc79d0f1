package org.raven.core;

import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.data.InputShape;
import org.raven.api.data.LabeledData;
import org.raven.api.noise.NoiseModel;
import org.raven.api.prior.Prior;
import org.raven.core.arch.MlpArchitecture;

/** Tiny models and generated data for tests. */
public final class TestModels {

    private TestModels() {
    }

    public static final InputShape SHAPE = new InputShape(1, 3, 4);

    public static VaeConfig mlp(Prior prior, NoiseModel noise, LikelihoodSpec likelihood, double beta) {
        return new VaeConfig(new MlpArchitecture(List.of(7, 5), 3), prior, noise, likelihood, beta, SHAPE);
    }

    /** Inputs in (0, 1) with some structure: two prototypes plus uniform jitter. */
    public static INDArray data(long seed, int n, int size, DataType type) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n * size];
        for (int i = 0; i < n; i++) {
            boolean first = i % 2 == 0;
            for (int j = 0; j < size; j++) {
                double proto = first ? (j % 2 == 0 ? 0.8 : 0.2) : (j < size / 2 ? 0.9 : 0.1);
                v[i * size + j] = Math.min(0.99, Math.max(0.01, proto + 0.1 * (r.nextDouble() - 0.5)));
            }
        }
        return Nd4j.create(v, new long[] {n, size}, DataType.DOUBLE).castTo(type);
    }

    public static LabeledData labeled(long seed, int n, InputShape shape) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
        }
        return new LabeledData(data(seed, n, shape.size(), DataType.FLOAT), labels, shape, 2);
    }
}
