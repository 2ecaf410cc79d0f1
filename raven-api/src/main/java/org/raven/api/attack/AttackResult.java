package org.raven.api.attack;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What an attack produced for each example of a batch.
 *
 * @param adversarial x + e, {@code [batch, inputSize]}, within the budget and [0, 1]
 * @param objective   the attack's objective at {@code adversarial} (higher is a stronger attack)
 * @param norm        the norm of e in the attack's norm
 * @param steps       gradient steps taken
 */
public record AttackResult(INDArray adversarial, double[] objective, double[] norm, int[] steps) {
}
