package org.raven.core.train;

/** The loss or a gradient became NaN or infinite; the last checkpoint written before it is intact. */
public class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int batch;

    public TrainingDivergedException(String message, int epoch, int batch) {
        super(message);
        this.epoch = epoch;
        this.batch = batch;
    }

    /** 1-based epoch of the failing step. */
    public int epoch() {
        return epoch;
    }

    /** 1-based batch of the failing step. */
    public int batch() {
        return batch;
    }
}
