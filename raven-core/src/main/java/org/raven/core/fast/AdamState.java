package org.raven.core.fast;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
        // Kept in parameter order (Map.copyOf's order changes from JVM to JVM): checkpoints are written in it.
        m = Collections.unmodifiableMap(new LinkedHashMap<>(m));
        v = Collections.unmodifiableMap(new LinkedHashMap<>(v));
    }

    /**
     * From flat moment arrays by name, the form {@code org.raven.core.train.Adam} keeps and
     * checkpoints ({@code firstMoments()}, {@code secondMoments()}, {@code step()}); shapes come from
     * {@code layout}.
     */
    public static AdamState fromArrays(MlpLayout layout, long step, Map<String, float[]> first, Map<String, float[]> second) {
        return new AdamState(toArrays(layout, first, "first moments"), toArrays(layout, second, "second moments"), step);
    }

    private static Map<String, INDArray> toArrays(MlpLayout layout, Map<String, float[]> flat, String what) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String name : layout.names()) {
            float[] values = flat.get(name);
            long[] shape = layout.shape(name);
            long n = shape.length == 1 ? shape[0] : shape[0] * shape[1];
            if (values == null || values.length != n) {
                throw new IllegalArgumentException(what + ": '" + name + "' is " + (values == null ? "missing" : "of length " + values.length)
                        + ", expected " + n + " values");
            }
            out.put(name, Nd4j.create(values, shape, 'c'));
        }
        return out;
    }

    /** First moments as flat float arrays by name (for {@code org.raven.core.train.Adam#restore}). */
    public Map<String, float[]> firstMoments() {
        return flat(m);
    }

    /** Second moments as flat float arrays by name. */
    public Map<String, float[]> secondMoments() {
        return flat(v);
    }

    private static Map<String, float[]> flat(Map<String, INDArray> arrays) {
        Map<String, float[]> out = new LinkedHashMap<>();
        arrays.forEach((k, a) -> out.put(k, a.reshape(a.length()).toFloatVector()));
        return out;
    }
}
