package org.raven.attacks;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Moves array contents between INDArrays and Java {@code double[]} without allocating. On the CPU
 * backend a plain (c-order, not a view) float or double array is read and written through its NIO
 * view of native memory, which is a memcpy plus a conversion loop. Anything else (a view, another
 * data type, a GPU backend) goes through a copying fallback, correct but slower.
 *
 * <p>The attacks keep their iterates in Java arrays and do the per-element work (sign step,
 * projection, best-iterate bookkeeping) in one fused loop there: on this stack every ND4J op costs
 * tens of microseconds even in place, and a PGD step would otherwise spend more in elementwise ops
 * than in the encoder.
 */
final class HostIo {

    private static final boolean CPU = Nd4j.getEnvironment().isCPU();

    private float[] floats = new float[0];

    private static boolean direct(INDArray a) {
        return CPU && a.ordering() == 'c' && !a.isView() && a.offset() == 0 && a.data().offset() == 0
                && a.data().length() >= a.length()
                && (a.dataType() == DataType.FLOAT || a.dataType() == DataType.DOUBLE);
    }

    private float[] floats(int n) {
        if (floats.length < n) {
            floats = new float[n];
        }
        return floats;
    }

    /** Copies the values of {@code a} in row-major order into {@code out[0, a.length())}. */
    void read(INDArray a, double[] out) {
        int n = Math.toIntExact(a.length());
        if (!direct(a)) {
            System.arraycopy(Nd.toFlat(a), 0, out, 0, n);
        } else if (a.dataType() == DataType.DOUBLE) {
            a.data().asNioDouble().get(0, out, 0, n);
        } else {
            float[] f = floats(n);
            a.data().asNioFloat().get(0, f, 0, n);
            for (int i = 0; i < n; i++) {
                out[i] = f[i];
            }
        }
    }

    /** Writes {@code in[0, a.length())} into {@code a} in row-major order (rounded to a's data type). */
    void write(double[] in, INDArray a) {
        int n = Math.toIntExact(a.length());
        if (!direct(a)) {
            double[] copy = in.length == n ? in : java.util.Arrays.copyOf(in, n);
            a.assign(Nd4j.create(copy, a.shape(), a.dataType()));
        } else if (a.dataType() == DataType.DOUBLE) {
            DoubleBuffer b = a.data().asNioDouble();
            b.put(0, in, 0, n);
        } else {
            float[] f = floats(n);
            for (int i = 0; i < n; i++) {
                f[i] = (float) in[i];
            }
            FloatBuffer b = a.data().asNioFloat();
            b.put(0, f, 0, n);
        }
    }

    /** Copies the values of {@code a} in row-major order into {@code out[0, a.length())}, as floats. */
    void read(INDArray a, float[] out) {
        int n = Math.toIntExact(a.length());
        if (direct(a) && a.dataType() == DataType.FLOAT) {
            a.data().asNioFloat().get(0, out, 0, n);
            return;
        }
        double[] v = Nd.toFlat(a);
        for (int i = 0; i < n; i++) {
            out[i] = (float) v[i];
        }
    }

    /** Writes {@code in[0, a.length())} into {@code a} in row-major order. */
    void write(float[] in, INDArray a) {
        int n = Math.toIntExact(a.length());
        if (direct(a) && a.dataType() == DataType.FLOAT) {
            a.data().asNioFloat().put(0, in, 0, n);
            return;
        }
        float[] copy = java.util.Arrays.copyOf(in, n);
        a.assign(Nd4j.createFromArray(copy).reshape(a.shape()).castTo(a.dataType()));
    }

    /** A new plain array of {@code type} that {@link #write} and {@link #read} handle directly. */
    static INDArray plain(DataType type, long rows, long cols) {
        return Nd4j.createUninitialized(type, new long[] {rows, cols}, 'c');
    }
}
