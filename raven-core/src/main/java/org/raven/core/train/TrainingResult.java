package org.raven.core.train;

import java.util.List;

/**
 * What {@link Trainer#fit} did.
 *
 * @param epochs      metrics of every epoch so far, including those restored from a checkpoint
 * @param resumedFrom epochs restored from a checkpoint (0 for a fresh run)
 * @param wallSeconds wall time of this call
 * @param trainSize   examples trained on (after the held-out split)
 * @param heldOutSize examples held out
 * @param engine      the step engine this call trained with: {@code fused} or {@code samediff} (what
 *                    {@code training.engine: auto} resolved to)
 * @param resumedProvenance the provenance recorded in the checkpoint this call resumed from (see
 *                    {@link Trainer#Trainer(java.util.function.Function)}); null for a fresh run or a checkpoint
 *                    without one
 */
public record TrainingResult(List<EpochMetrics> epochs, int resumedFrom, double wallSeconds, int trainSize,
                             int heldOutSize, String engine, String resumedProvenance) {

    public TrainingResult {
        epochs = List.copyOf(epochs);
    }

    /** Not resumed from a checkpoint with provenance. */
    public TrainingResult(List<EpochMetrics> epochs, int resumedFrom, double wallSeconds, int trainSize, int heldOutSize,
                          String engine) {
        this(epochs, resumedFrom, wallSeconds, trainSize, heldOutSize, engine, null);
    }

    /** The last epoch's metrics. */
    public EpochMetrics last() {
        return epochs.get(epochs.size() - 1);
    }
}
