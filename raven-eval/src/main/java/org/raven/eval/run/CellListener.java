package org.raven.eval.run;

import org.raven.core.train.TrainingListener;

/**
 * Where {@link VaeCellRunner} reports the phases of a cell as they end (the cell profile of {@code raven bench --cell}
 * times them); every method has a no-op default.
 */
public interface CellListener {

    /** A listener that does nothing. */
    CellListener NONE = new CellListener() {
    };

    /** The phase {@code name} ended now; it began where the previous phase ended (or the cell began). */
    default void phaseEnded(String name) {
    }

    /** Where the trainer reports its steps and epochs while the cell trains. */
    default TrainingListener training() {
        return TrainingListener.NONE;
    }
}
