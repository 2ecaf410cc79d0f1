package org.raven.core.train;

import org.raven.core.NonFiniteException;

/** The loss or a gradient became NaN or infinite; the last checkpoint written before it is intact. */
public class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int batch;

    public TrainingDivergedException(String message, int epoch, int batch, NonFiniteException cause) {
        super(message, cause);
        this.epoch = epoch;
        this.batch = batch;
    }

    /** 1-based epoch of the failing step. */
    public int epoch() {
        return epoch;
    }

    /** What was not finite: the loss, or the gradient of which weight (also the cause). */
    public NonFiniteException nonFinite() {
        return (NonFiniteException) getCause();
    }

    /** 1-based batch of the failing step. */
    public int batch() {
        return batch;
    }
}
