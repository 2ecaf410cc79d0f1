package org.raven.attacks;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small conversions between INDArrays and row-major Java arrays. */
final class Nd {

    private Nd() {
    }

    /** The values of a 2-d array in row-major order, as doubles (a copy). */
    static double[] toFlat(INDArray a) {
        INDArray c = a;
        if (a.isView() || a.ordering() != 'c' || a.data().length() != a.length()) {
            c = a.dup('c');
        }
        return c.data().asDouble();
    }

    /** A new {@code [rows, cols]} array of type {@code type} holding {@code data} (row-major). */
    static INDArray fromFlat(double[] data, long rows, long cols, DataType type) {
        return Nd4j.create(data, new long[] {rows, cols}, type);
    }
}
