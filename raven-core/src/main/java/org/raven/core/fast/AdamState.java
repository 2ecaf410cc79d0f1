package org.raven.core.fast;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adam's state for checkpoints: first and second moment estimates per parameter name (same shapes
 * as the parameters) and the number of updates applied so far.
 *
 * @param m    first moments by parameter name
 * @param v    second moments by parameter name
 * @param step updates applied so far (t in the paper), >= 0
 */
public record AdamState(Map<String, INDArray> m, Map<String, INDArray> v, long step) {

    public AdamState {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0 (was " + step + ")");
        }
        m = Map.copyOf(m);
        v = Map.copyOf(v);
    }
}
