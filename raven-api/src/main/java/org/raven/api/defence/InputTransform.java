package org.raven.api.defence;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.model.DifferentiableEncoder;

/**
 * A {@link TrainingDefence} capability: replaces each training batch by the inputs to train on (for
 * example adversarial examples against the current encoder). The trainer calls it once per batch, before
 * the step, with an encoder that reads the current weights; the bound is then computed on the result.
 */
public interface InputTransform extends TrainingDefence {

    /**
     * The inputs to train on, {@code [batch, inputSize]} in [0, 1], in the data type of {@code x}.
     *
     * @param model  the model being trained, at its current weights (its arrays may be reused by its next call)
     * @param x      the batch; must not be modified
     * @param random this batch's draws (the trainer's stream {@code defence} of the epoch)
     */
    INDArray transform(DifferentiableEncoder model, INDArray x, SplittableRandom random);
}
