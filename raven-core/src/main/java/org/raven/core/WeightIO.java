package org.raven.core;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads and writes named arrays in a small binary layout: count, then for each array its name, data
 * type, shape and values (float or double, big-endian). Used by the weight files of {@link Vae#save} and
 * {@link Vae#load} (with a magic and format header) and by the trainer's checkpoints; values round-trip
 * bit for bit.
 */
public final class WeightIO {

    private static final byte[] MAGIC = {'R', 'A', 'V', 'E', 'N', 'V', 'A', 'E'};
    private static final int FORMAT = 1;

    private WeightIO() {
    }

    /** A weight file: magic {@code RAVENVAE}, format 1, then {@link #write}; through a temp file and an atomic rename. */
    static void writeFile(Path file, Map<String, INDArray> weights) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
                out.write(MAGIC);
                out.writeInt(FORMAT);
                write(out, weights);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The arrays of a file written by {@link #writeFile}; errors name the file and what is wrong. */
    static Map<String, INDArray> readFile(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException(file + ": not a RAVEN weight file (bad magic at offset 0)");
            }
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IOException(file + ": weight file format " + format + " is not supported (expected " + FORMAT + ")");
            }
            return read(in, file.toString());
        } catch (java.io.EOFException e) {
            throw new IOException(file + ": truncated weight file", e);
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
