package org.raven.spark.testplugins;

import java.util.SplittableRandom;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.PluginContext;
import org.raven.api.data.Dataset;
import org.raven.api.data.DatasetProvider;
import org.raven.api.data.InputShape;
import org.raven.api.data.LabeledData;

/**
 * Test-only synthetic dataset {@code spark-test-images}: 8x8 images in two classes (bright top half or
 * bright bottom half) with uniform noise from fixed seeds, so every process makes the same data.
 */
public final class ImagesProvider implements DatasetProvider<ImagesSpec> {

    @Override
    public String id() {
        return "spark-test-images";
    }

    @Override
    public Class<ImagesSpec> specType() {
        return ImagesSpec.class;
    }

    @Override
    public ImagesSpec defaultSpec() {
        return new ImagesSpec(null, null);
    }

    @Override
    public Dataset create(ImagesSpec spec, PluginContext context) {
        LabeledData train = make(spec.trainSize(), 11);
        LabeledData test = make(spec.testSize(), 12);
        return new Dataset() {
            @Override
            public String description() {
                return "spark-test-images";
            }

            @Override
            public LabeledData train() {
                return train;
            }

            @Override
            public LabeledData test() {
                return test;
            }
        };
    }

    private static LabeledData make(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] pixels = new float[n * 64];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            for (int p = 0; p < 64; p++) {
                boolean bright = (p < 32) == (labels[i] == 0);
                pixels[i * 64 + p] = (float) ((bright ? 0.6 : 0.0) + 0.4 * random.nextDouble());
            }
        }
        return new LabeledData(Nd4j.create(pixels, new long[] {n, 64}), labels, new InputShape(1, 8, 8), 2);
    }
}
