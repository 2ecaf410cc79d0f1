package org.raven.eval.testplugins;

import java.util.SplittableRandom;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.BasePlugin;
import org.raven.api.PluginContext;
import org.raven.api.data.Dataset;
import org.raven.api.data.DatasetProvider;
import org.raven.api.data.InputShape;
import org.raven.api.data.LabeledData;

/** Test-only dataset: {@code size} random 1x2x2 images in two classes (bright or dark). */
public final class TestDatasetProvider extends BasePlugin<TestDatasetSpec, Dataset>
        implements DatasetProvider<TestDatasetSpec> {

    public TestDatasetProvider() {
        super("test-data", TestDatasetSpec.class, new TestDatasetSpec(null),
                "test only: 1x2x2 images, dark or bright");
    }

    @Override
    public Dataset create(TestDatasetSpec spec, PluginContext context) {
        LabeledData train = make(spec.size(), 1);
        LabeledData test = make(spec.size(), 2);
        return new Dataset() {
            @Override
            public String description() {
                return "test-data";
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
        float[] pixels = new float[n * 4];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            for (int j = 0; j < 4; j++) {
                pixels[i * 4 + j] = (float) (labels[i] * 0.5 + 0.5 * random.nextDouble());
            }
        }
        return new LabeledData(Nd4j.create(pixels, new long[] {n, 4}), labels, new InputShape(1, 2, 2), 2);
    }
}
