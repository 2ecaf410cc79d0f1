package org.raven.api.noise;

import java.util.random.RandomGenerator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.data.InputShape;

/** Makes the noise-augmented copy x' = clip(x + noise, 0, 1) of a batch. */
public interface NoiseModel {

    /**
     * Writes a noisy copy of {@code x} into {@code out} (same shape, may not be {@code x}), drawing
     * from {@code random}, and returns {@code out}. Values are clipped to [0, 1].
     *
     * @param x     {@code [batch, shape.size()]}: each row one image flattened in channel, row, column
     *              order, so an image-aware model (blur, occlusion, per-channel noise) can reshape a row
     *              to {@code [channels, height, width]}
     * @param shape the shape of one image
     */
    INDArray augment(INDArray x, InputShape shape, INDArray out, RandomGenerator random);
}
