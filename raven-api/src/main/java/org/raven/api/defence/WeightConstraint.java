package org.raven.api.defence;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link TrainingDefence} capability: projects the weights onto a constraint set after every optimiser
 * step (and once before the first), in place. Weights are named as the architecture names them, for
 * example {@link org.raven.api.arch.DenseReluMlp#encoderWeight(int)}.
 */
public interface WeightConstraint extends TrainingDefence {

    /** Projects {@code weights} in place; must keep every shape. */
    void project(Map<String, INDArray> weights);
}
