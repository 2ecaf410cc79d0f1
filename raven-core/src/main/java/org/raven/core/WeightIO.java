package org.raven.core;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads and writes named arrays in a small binary layout: count, then for each array its name, data
 * type, shape and values (float or double, big-endian). Used by the weight files of {@link Vae#save} and
 * {@link Vae#load} (a {@link ChecksummedFile}: magic {@code RAVENVAE}, format 2, SHA-256 trailer) and by the
 * trainer's checkpoints; values round-trip bit for bit. Reading checks every length against the bytes left and
 * refuses non-finite values (no trained weight is NaN or infinite).
 */
public final class WeightIO {

    private static final byte[] MAGIC = {'R', 'A', 'V', 'E', 'N', 'V', 'A', 'E'};
    /** 2: SHA-256 trailer (format 1 had none). */
    private static final int FORMAT = 2;
    private static final String KIND = "RAVEN weight file";
    private static final int MAX_RANK = 8;

    private WeightIO() {
    }

    /** A weight file: {@link #write} inside a {@link ChecksummedFile}, through a temp file and an atomic rename. */
    static void writeFile(Path file, Map<String, INDArray> weights) throws IOException {
        ChecksummedFile.write(file, MAGIC, FORMAT, out -> write(out, weights));
    }

    /** The arrays of a file written by {@link #writeFile}; errors name the file, the offset and what is wrong. */
    static Map<String, INDArray> readFile(Path file) throws IOException {
        try (ChecksummedFile.Reader in = ChecksummedFile.open(file, MAGIC, FORMAT, KIND)) {
            Map<String, INDArray> arrays = read(in);
            in.expectEnd();
            return arrays;
        }
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

    /**
     * Reads what {@link #write} wrote, in order.
     *
     * @throws CorruptFileException naming the file and offset if a count, name, rank or shape cannot be right for the
     *                              bytes left, or a value is NaN or infinite
     */
    public static Map<String, INDArray> read(ChecksummedFile.Reader in) throws IOException {
        // each array takes at least a name length, a type byte and a rank
        int n = in.readCount("array count", 2 + 1 + 4);
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF("array name");
            byte type = in.readByte("data type of '" + name + "'");
            if (type != 0 && type != 1) {
                throw in.corrupt("array '" + name + "' has corrupt data type " + type + " at offset " + (in.offset() - 1)
                        + " (0 float, 1 double)");
            }
            boolean isDouble = type == 1;
            long rankAt = in.offset();
            int rank = in.readInt("rank of '" + name + "'");
            if (rank < 0 || rank > MAX_RANK) {
                throw in.corrupt("array '" + name + "' has corrupt rank " + rank + " at offset " + rankAt);
            }
            long shapeAt = in.offset();
            long[] shape = new long[rank];
            for (int r = 0; r < rank; r++) {
                shape[r] = in.readLong("shape of '" + name + "'");
            }
            int bytesEach = isDouble ? 8 : 4;
            long length = 1;
            for (long s : shape) {
                // bounded step by step, so the product cannot overflow
                length = s < 0 || (s > 0 && length > in.remaining() / bytesEach / s) ? -1 : length * s;
                if (length < 0) {
                    break;
                }
            }
            if (length < 0 || length * bytesEach > in.remaining()) {
                throw in.corrupt("array '" + name + "' has corrupt shape " + Arrays.toString(shape) + " at offset " + shapeAt
                        + " (" + in.remaining() + " bytes left)");
            }
            long valuesAt = in.offset();
            if (isDouble) {
                double[] v = new double[(int) length];
                for (int k = 0; k < v.length; k++) {
                    v[k] = in.readDouble(name);
                    if (!Double.isFinite(v[k])) {
                        throw nonFinite(in, name, k, v[k], valuesAt + 8L * k);
                    }
                }
                arrays.put(name, Nd4j.create(v, shape, DataType.DOUBLE));
            } else {
                float[] v = new float[(int) length];
                for (int k = 0; k < v.length; k++) {
                    v[k] = in.readFloat(name);
                    if (!Float.isFinite(v[k])) {
                        throw nonFinite(in, name, k, v[k], valuesAt + 4L * k);
                    }
                }
                arrays.put(name, Nd4j.create(v, shape, 'c'));
            }
        }
        return arrays;
    }

    private static CorruptFileException nonFinite(ChecksummedFile.Reader in, String name, int index, double value, long offset) {
        return in.corrupt("'" + name + "' holds " + value + " at index " + index + " (offset " + offset + ")");
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
