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

    /** Epoch {@code epoch}'s last step is done; its held-out MSE and checkpoint follow. */
    default void onEpochStepsDone(int epoch) {
    }

    /** Epoch {@code epoch}'s held-out MSE is computed (NaN without held-out data); its checkpoint, if any, follows. */
    default void onHeldOutMse(int epoch, double mse) {
    }

    /** An epoch finished (and its checkpoint, if any, was written). */
    default void onEpoch(EpochMetrics metrics) {
    }
}
