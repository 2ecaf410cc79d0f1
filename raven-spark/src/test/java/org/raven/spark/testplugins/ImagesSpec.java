package org.raven.spark.testplugins;

import java.util.List;
import org.raven.api.Problem;
import org.raven.api.data.DatasetSpec;

/** Test-only dataset spec: split sizes of {@link ImagesProvider}'s 8x8 images. */
public record ImagesSpec(Integer trainSize, Integer testSize) implements DatasetSpec {
    public ImagesSpec {
        trainSize = trainSize == null ? 96 : trainSize;
        testSize = testSize == null ? 32 : testSize;
    }

    @Override
    public List<Problem> validate() {
        return new Problem.Collector().positive("trainSize", trainSize).positive("testSize", testSize).problems();
    }
}
