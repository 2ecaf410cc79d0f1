package org.raven.core.train;

/** Progress callbacks from {@link Trainer#fit}; every method has a no-op default. */
public interface TrainingListener {

    /** A listener that does nothing. */
    TrainingListener NONE = new TrainingListener() {
    };

    /**
     * Training starts (or resumes) at {@code firstEpoch} (1-based) of {@code epochs}, with
     * {@code batches} steps per epoch.
     */
    default void onStart(int firstEpoch, int epochs, int batches) {
    }

    /** A step finished: {@code batch} is 1-based within the epoch. */
    default void onBatch(int epoch, int batch, int batches, double loss) {
    }

    /** An epoch finished (and its checkpoint, if any, was written). */
    default void onEpoch(EpochMetrics metrics) {
    }
}
