package org.raven.api.noise;

import java.util.random.RandomGenerator;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Makes the noise-augmented copy x' = clip(x + noise, 0, 1) of a batch. */
public interface NoiseModel {

    /**
     * Writes a noisy copy of {@code x} into {@code out} (same shape, may not be {@code x}), drawing
     * from {@code random}, and returns {@code out}. Values are clipped to [0, 1].
     */
    INDArray augment(INDArray x, INDArray out, RandomGenerator random);
}
