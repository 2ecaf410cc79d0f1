package org.raven.core;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads and writes named arrays in a small binary layout: count, then for each array its name, data
 * type, shape and values (float or double, big-endian). Used by {@link Vae#save} and the trainer's
 * checkpoints; values round-trip bit for bit.
 */
public final class WeightIO {

    private WeightIO() {
    }

    public static void write(DataOutputStream out, Map<String, INDArray> arrays) throws IOException {
        out.writeInt(arrays.size());
        for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
            INDArray a = e.getValue();
            out.writeUTF(e.getKey());
            boolean isDouble = a.dataType() == DataType.DOUBLE;
            out.writeByte(isDouble ? 1 : 0);
            long[] shape = a.shape();
            out.writeInt(shape.length);
            for (long s : shape) {
                out.writeLong(s);
            }
            INDArray c = a.isView() || a.ordering() != 'c' ? a.dup('c') : a;
            if (isDouble) {
                for (double v : c.data().asDouble()) {
                    out.writeDouble(v);
                }
            } else {
                for (float v : c.castTo(DataType.FLOAT).data().asFloat()) {
                    out.writeFloat(v);
                }
            }
        }
    }

    /** Reads what {@link #write} wrote, in order; {@code source} names the file in error messages. */
    public static Map<String, INDArray> read(DataInputStream in, String source) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1_000_000) {
            throw new IOException(source + ": corrupt array count " + n);
        }
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            boolean isDouble = in.readByte() == 1;
            int rank = in.readInt();
            if (rank < 0 || rank > 8) {
                throw new IOException(source + ": array '" + name + "' has corrupt rank " + rank);
            }
            long[] shape = new long[rank];
            long length = 1;
            for (int r = 0; r < rank; r++) {
                shape[r] = in.readLong();
                length *= shape[r];
            }
            if (length < 0 || length > Integer.MAX_VALUE) {
                throw new IOException(source + ": array '" + name + "' has corrupt shape " + Arrays.toString(shape));
            }
            if (isDouble) {
                double[] v = new double[(int) length];
                for (int k = 0; k < v.length; k++) {
                    v[k] = in.readDouble();
                }
                arrays.put(name, Nd4j.create(v, shape, DataType.DOUBLE));
            } else {
                float[] v = new float[(int) length];
                for (int k = 0; k < v.length; k++) {
                    v[k] = in.readFloat();
                }
                arrays.put(name, Nd4j.create(v, shape, 'c'));
            }
        }
        return arrays;
    }

    /**
     * Copies {@code loaded} into {@code target} in place, checking that names and shapes match.
     *
     * @throws IllegalArgumentException naming the source, the weight and both shapes on a mismatch
     */
    public static void assign(Map<String, INDArray> target, Map<String, INDArray> loaded, String source) {
        if (!target.keySet().equals(loaded.keySet())) {
            var missing = new java.util.TreeSet<>(target.keySet());
            missing.removeAll(loaded.keySet());
            var extra = new java.util.TreeSet<>(loaded.keySet());
            extra.removeAll(target.keySet());
            throw new IllegalArgumentException(source + ": weights do not match the model config; missing " + missing
                    + ", unexpected " + extra);
        }
        for (Map.Entry<String, INDArray> e : target.entrySet()) {
            INDArray from = loaded.get(e.getKey());
            if (!Arrays.equals(from.shape(), e.getValue().shape())) {
                throw new IllegalArgumentException(source + ": weight '" + e.getKey() + "' has shape "
                        + Arrays.toString(from.shape()) + " but the model config expects "
                        + Arrays.toString(e.getValue().shape()));
            }
        }
        for (Map.Entry<String, INDArray> e : target.entrySet()) {
            e.getValue().assign(loaded.get(e.getKey()).castTo(e.getValue().dataType()));
        }
    }
}
