package org.raven.datasets;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.raven.api.Problem;
import org.raven.api.data.DatasetSpec;

/**
 * Spec of the {@code synthetic} dataset, JSON {@code {"type": "synthetic"}}. Defaults (filled here,
 * the one place they live): trainSize 2000, testSize 500, classes 10, imageSize 28, noise 0.1, seed 0.
 *
 * @param trainSize training examples, >= 1
 * @param testSize  test examples, >= 1
 * @param classes   number of classes, in [2, 256]
 * @param imageSize side of the square 1 x imageSize x imageSize images, in [8, 256]
 * @param noise     standard deviation of the Gaussian pixel noise, in [0, 1]
 * @param seed      the whole dataset is a function of this seed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SyntheticSpec(Integer trainSize, Integer testSize, Integer classes, Integer imageSize, Double noise, Long seed)
        implements DatasetSpec {

    public SyntheticSpec {
        trainSize = trainSize == null ? Integer.valueOf(2000) : trainSize;
        testSize = testSize == null ? Integer.valueOf(500) : testSize;
        classes = classes == null ? Integer.valueOf(10) : classes;
        imageSize = imageSize == null ? Integer.valueOf(28) : imageSize;
        noise = noise == null ? Double.valueOf(0.1) : noise;
        seed = seed == null ? Long.valueOf(0L) : seed;
    }

    /** Every key at its default. */
    public static SyntheticSpec defaults() {
        return new SyntheticSpec(null, null, null, null, null, null);
    }

    @Override
    public List<Problem> validate() {
        Problem.Collector problems = new Problem.Collector()
                .positive("trainSize", trainSize)
                .positive("testSize", testSize)
                .inClosed("classes", classes, 2, 256)
                .inClosed("imageSize", imageSize, 8, 256)
                .inClosed("noise", noise, 0, 1);
        if (imageSize > 0) {
            long pixels = (long) imageSize * imageSize;
            long maxExamples = Integer.MAX_VALUE / pixels;
            problems.check(trainSize <= maxExamples, "trainSize", "must be <= " + maxExamples
                    + " so that trainSize x imageSize^2 fits one float array (was " + trainSize + ")");
            problems.check(testSize <= maxExamples, "testSize", "must be <= " + maxExamples
                    + " so that testSize x imageSize^2 fits one float array (was " + testSize + ")");
        }
        return problems.problems();
    }
}
