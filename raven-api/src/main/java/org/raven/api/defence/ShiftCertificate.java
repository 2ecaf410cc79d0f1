package org.raven.api.defence;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link TrainingDefence} capability: a certified upper bound on how far the encoder mean can move,
 * {@code sup ||mu(x + e) - mu(x)||_2} over {@code ||e|| <= budget}, from the trained weights alone. Evaluation
 * reports it beside the shift an attack measured.
 */
public interface ShiftCertificate extends TrainingDefence {

    /**
     * The bound for a budget in the attack's norm.
     *
     * @param weights   the trained weights by name
     * @param inputSize features per example (an L-inf budget converts to L2 with a factor sqrt(inputSize))
     * @param budget    the perturbation budget
     * @param norm      {@code linf} or {@code l2}
     */
    double muShiftBound(Map<String, INDArray> weights, int inputSize, double budget, String norm);
}
