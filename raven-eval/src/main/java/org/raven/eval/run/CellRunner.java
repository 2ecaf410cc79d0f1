package org.raven.eval.run;

import java.nio.file.Path;

/** Computes one cell from the {@code cell.json} in its folder (checkpoints may go there too). */
public interface CellRunner {

    /** Trains (or reuses the cell's finished checkpoint), evaluates and returns the cell's result. */
    CellResult run(Path cellDir);
}
