package org.raven.eval.run;

import java.nio.file.Path;

/** Computes one cell from the {@code cell.json} in its folder (checkpoints may go there too). */
public interface CellRunner {

    /** Trains (or reuses the cell's finished checkpoint), evaluates and returns the cell's result. */
    CellResult run(Path cellDir);

    /** {@link #run(Path)}, reporting the cell's phases to {@code listener} (runners that do not report ignore it). */
    default CellResult run(Path cellDir, CellListener listener) {
        return run(cellDir);
    }
}
