package org.raven.defences;

import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.data.InputShape;
import org.raven.api.data.LabeledData;
import org.raven.api.defence.TrainingDefence;
import org.raven.core.Vae;
import org.raven.core.VaeConfig;
import org.raven.core.arch.MlpArchitecture;
import org.raven.core.prior.StandardNormalPrior;

/** Tiny data and models for the defence tests: two classes of 4 x 4 images (bright top or bright bottom). */
final class Models {

    static final InputShape SHAPE = new InputShape(1, 4, 4);

    private Models() {
    }

    static LabeledData data(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * 16];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            for (int j = 0; j < 16; j++) {
                boolean top = j < 8;
                double base = (top == (labels[i] == 0)) ? 0.8 : 0.15;
                x[i * 16 + j] = (float) Math.min(1, Math.max(0, base + 0.1 * r.nextGaussian()));
            }
        }
        return new LabeledData(Nd4j.create(x, new long[] {n, 16}, 'c'), labels, SHAPE, 2);
    }

    static Vae vae(List<Integer> hidden, int latent, TrainingDefence defence, long seed) {
        return Vae.create(new VaeConfig(new MlpArchitecture(hidden, latent), new StandardNormalPrior(), null, null, 1.0,
                SHAPE, defence), seed);
    }

    static Vae vaeDouble(List<Integer> hidden, int latent, TrainingDefence defence, long seed) {
        return Vae.create(new VaeConfig(new MlpArchitecture(hidden, latent), new StandardNormalPrior(), null, null, 1.0,
                SHAPE, defence), seed, DataType.DOUBLE);
    }
}
