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

    /**
     * Rows {@code indices[from..to)} of the 2-D {@code source}, in that order, copied into {@code out}
     * ({@code [to - from, cols]}, the type of {@code source}); returns {@code out}. Own c-order float or double
     * arrays are copied row by row through NIO (ND4J's {@code getRows} costs about 40 microseconds a row here, a
     * third of a vae step for a batch of 128), anything else through {@code getRows}.
     */
    public static INDArray gather(INDArray source, int[] indices, int from, int to, INDArray out) {
        int rows = to - from;
        if (source.rank() != 2 || out.rank() != 2 || out.size(0) != rows || out.size(1) != source.size(1)
                || out.dataType() != source.dataType()) {
            throw new IllegalArgumentException("out " + Arrays.toString(out.shape()) + " (" + out.dataType() + ") must be ["
                    + rows + ", " + (source.rank() == 2 ? source.size(1) : "?") + "] of " + source.dataType()
                    + " for rows of source " + Arrays.toString(source.shape()));
        }
        int cols = (int) source.size(1);
        DataType type = source.dataType();
        if (!flat(source) || !flat(out) || source.length() > Integer.MAX_VALUE
                || (type != DataType.FLOAT && type != DataType.DOUBLE)) {
            return out.assign(source.getRows(Arrays.copyOfRange(indices, from, to)));
        }
        long n = source.size(0);
        for (int r = from; r < to; r++) {
            if (indices[r] < 0 || indices[r] >= n) {
                throw new IndexOutOfBoundsException("row " + indices[r] + " of a source with " + n + " rows");
            }
        }
        if (type == DataType.FLOAT) {
            java.nio.FloatBuffer src = source.data().asNioFloat();
            java.nio.FloatBuffer dst = out.data().asNioFloat();
            for (int r = 0; r < rows; r++) {
                dst.put(r * cols, src, indices[from + r] * cols, cols);
            }
        } else {
            java.nio.DoubleBuffer src = source.data().asNioDouble();
            java.nio.DoubleBuffer dst = out.data().asNioDouble();
            for (int r = 0; r < rows; r++) {
                dst.put(r * cols, src, indices[from + r] * cols, cols);
            }
        }
        return out;
    }

    /** {@link #gather(INDArray, int[], int, int, INDArray)} into a new array. */
    public static INDArray gather(INDArray source, int[] indices, int from, int to) {
        return gather(source, indices, from, to, Nd4j.create(source.dataType(), to - from, source.size(1)));
    }

    /** {@code x} itself if it owns its whole buffer in c order (what {@link #gather} copies from fastest), else such a copy. */
    public static INDArray owned(INDArray x) {
        return flat(x) ? x : x.dup('c');
    }

    /** An array that owns its whole buffer in c order (no view, no offset), so flat index i is element i. */
    private static boolean flat(INDArray a) {
        return !a.isView() && a.offset() == 0 && a.ordering() == 'c' && a.data().length() == a.length();
    }

    public static INDArray concat(List<INDArray> parts) {
        return parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(new INDArray[0]));
    }
}
