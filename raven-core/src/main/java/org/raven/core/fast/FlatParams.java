package org.raven.core.fast;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** One flat buffer holding values for every name of a layout (or a prefix of it), with a view per name made once. */
final class FlatParams {

    final MlpLayout layout;
    final INDArray flat;
    final Vec vec;
    private final Map<String, INDArray> views = new LinkedHashMap<>();
    private final Map<String, INDArray> rows = new LinkedHashMap<>();

    /** Covers the first {@code length} values of the layout (the whole layout, or the encoder prefix). */
    FlatParams(MlpLayout layout, DataType dataType, long length) {
        this.layout = layout;
        this.flat = Nd4j.zeros(dataType, length);
        this.vec = Vec.of(flat);
        for (String name : layout.names()) {
            long off = layout.offset(name);
            long[] shape = layout.shape(name);
            long n = shape.length == 1 ? shape[0] : shape[0] * shape[1];
            if (off + n <= length) {
                views.put(name, flat.get(NDArrayIndex.interval(off, off + n)).reshape('c', shape));
                if (shape.length == 1) {
                    rows.put(name, flat.get(NDArrayIndex.interval(off, off + n)).reshape('c', 1, n));
                }
            }
        }
    }

    INDArray view(String name) {
        INDArray v = views.get(name);
        if (v == null) {
            throw new IllegalArgumentException("unknown parameter '" + name + "'; expected one of " + views.keySet());
        }
        return v;
    }

    /** A bias as a {@code [1, out]} row view, for gemm. */
    INDArray row(String name) {
        INDArray v = rows.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no bias named '" + name + "'; expected one of " + rows.keySet());
        }
        return v;
    }

    /** Detached copies of every value, by name, in layout order. */
    Map<String, INDArray> copies() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        views.forEach((k, v) -> out.put(k, v.dup('c')));
        return out;
    }

    /** Copies values in by name; every name must be present with its exact shape; extra names are an error. */
    void assignFrom(Map<String, INDArray> values, String what) {
        for (String name : values.keySet()) {
            if (!views.containsKey(name)) {
                throw new IllegalArgumentException(what + ": unexpected entry '" + name + "'; expected exactly " + views.keySet());
            }
        }
        for (Map.Entry<String, INDArray> e : views.entrySet()) {
            INDArray src = values.get(e.getKey());
            if (src == null) {
                throw new IllegalArgumentException(what + ": missing entry '" + e.getKey() + "'; expected exactly " + views.keySet());
            }
            long[] want = e.getValue().shape();
            if (!java.util.Arrays.equals(src.shape(), want)) {
                throw new IllegalArgumentException(what + ": '" + e.getKey() + "' has shape " + java.util.Arrays.toString(src.shape())
                        + ", expected " + java.util.Arrays.toString(want));
            }
        }
        for (Map.Entry<String, INDArray> e : views.entrySet()) {
            e.getValue().assign(values.get(e.getKey()));
        }
    }
}
