package org.raven.api.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Examples and their class labels: {@code features} is {@code [n, shape.size()]} float in [0, 1],
 * {@code labels[i]} in {@code [0, numClasses)}.
 */
public record LabeledData(INDArray features, int[] labels, InputShape shape, int numClasses) {

    public LabeledData {
        if (features.rank() != 2 || features.size(0) != labels.length || features.size(1) != shape.size()) {
            throw new IllegalArgumentException("features " + java.util.Arrays.toString(features.shape())
                    + " do not match " + labels.length + " labels of shape " + shape);
        }
    }

    public int size() {
        return labels.length;
    }
}
