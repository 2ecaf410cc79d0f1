package org.raven.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.raven.api.model.Posterior;

/** Row-chunking and input checks shared by the model, its fused view ({@code fast.FusedInference}) and evaluation. */
public final class Rows {

    /** Rows per graph call: keeps activation buffers small when whole datasets are encoded. */
    public static final int CHUNK = 512;

    private Rows() {
    }

    public static void check(INDArray x, int width, String what) {
        if (x.rank() != 2 || x.size(1) != width) {
            throw new IllegalArgumentException(what + " must be [batch, " + width + "] (was " + Arrays.toString(x.shape()) + ")");
        }
    }

    public static INDArray cast(INDArray x, DataType type) {
        return x.dataType() == type ? x : x.castTo(type);
    }

    /** Rows {@code [start, end)} of {@code x}, without a copy when that is all of it. */
    public static INDArray slice(INDArray x, long start, long end) {
        if (start == 0 && end == x.size(0)) {
            return x;
        }
        return x.get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
    }

    /** {@code f} applied to chunks of {@link #CHUNK} rows (cast to {@code type}), results stacked. */
    public static INDArray map(INDArray x, DataType type, Function<INDArray, INDArray> f) {
        List<INDArray> parts = new ArrayList<>();
        for (long start = 0; start < x.size(0); start += CHUNK) {
            parts.add(f.apply(cast(slice(x, start, Math.min(x.size(0), start + CHUNK)), type)));
        }
        return concat(parts);
    }

    /** An encoder applied in chunks of {@link #CHUNK} rows, posteriors stacked. */
    public static Posterior encode(INDArray x, int inputSize, DataType type, Function<INDArray, Posterior> encodeChunk) {
        check(x, inputSize, "x");
        if (x.size(0) <= CHUNK) {
            return encodeChunk.apply(cast(x, type));
        }
        List<INDArray> mus = new ArrayList<>();
        List<INDArray> logVars = new ArrayList<>();
        for (long start = 0; start < x.size(0); start += CHUNK) {
            Posterior p = encodeChunk.apply(cast(slice(x, start, Math.min(x.size(0), start + CHUNK)), type));
            mus.add(p.mu());
            logVars.add(p.logVar());
        }
        return new Posterior(concat(mus), concat(logVars));
    }

    public static INDArray concat(List<INDArray> parts) {
        return parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(new INDArray[0]));
    }
}
