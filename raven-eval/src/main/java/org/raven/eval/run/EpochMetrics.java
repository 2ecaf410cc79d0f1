package org.raven.eval.run;

/**
 * Training progress of one epoch, as recorded in a cell's result (means per example, or per pair).
 *
 * @param epoch      1-based epoch number
 * @param loss       training loss (minus the objective with beta)
 * @param bound      the bound with beta = 1 (higher is better)
 * @param heldOutMse reconstruction MSE on the held-out split; NaN without one
 * @param seconds    wall time of the epoch
 */
public record EpochMetrics(int epoch, double loss, double bound, double heldOutMse, double seconds) {
}
