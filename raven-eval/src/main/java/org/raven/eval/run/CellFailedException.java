package org.raven.eval.run;

import java.util.List;

/** One or more cells failed; the finished ones keep their results, so {@code --resume} continues. */
public class CellFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CellFailedException(List<String> failures, Throwable first) {
        super(failures.size() + " cell(s) failed: " + String.join("; ", failures), first);
    }
}
