package org.raven.eval.run;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Training progress of one epoch, as recorded in a cell's result (means per example, or per pair).
 *
 * @param epoch      1-based epoch number
 * @param loss       training loss (minus the objective with beta)
 * @param bound      the bound with beta = 1 (higher is better)
 * @param heldOutMse reconstruction MSE on the held-out split; null (absent from the JSON) with
 *                   {@code training.validationFraction: 0}
 * @param seconds    wall time of the epoch
 */
public record EpochMetrics(int epoch, double loss, double bound,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Double heldOutMse, double seconds) {

    /** From raven-core's metrics: no held-out split (NaN there) becomes null. */
    public static EpochMetrics of(org.raven.core.train.EpochMetrics m) {
        return new EpochMetrics(m.epoch(), m.loss(), m.bound(), Double.isNaN(m.heldOutMse()) ? null : m.heldOutMse(),
                m.seconds());
    }
}
