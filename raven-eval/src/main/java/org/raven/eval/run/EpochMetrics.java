package org.raven.eval.run;

/**
 * Training progress of one epoch, as recorded in a cell's result.
 *
 * @param epoch           1-based epoch number
 * @param bound           mean training bound per example (higher is better)
 * @param validationBound mean bound on the validation split, or null without one
 * @param seconds         wall time of the epoch
 */
public record EpochMetrics(int epoch, double bound, Double validationBound, double seconds) {
}
