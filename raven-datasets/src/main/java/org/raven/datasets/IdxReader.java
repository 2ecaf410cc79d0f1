package org.raven.datasets;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.data.InputShape;
import org.raven.api.data.LabeledData;

/**
 * Reads IDX files (the MNIST format), raw or gzip-compressed; gzip is recognised by its magic bytes
 * {@code 1f 8b}, not by the file name. Files are read in bulk, validated, and hashed in the same pass.
 *
 * <pre>{@code
 * LabeledData test = IdxReader.load(dir.resolve("t10k-images-idx3-ubyte.gz"),
 *                                   dir.resolve("t10k-labels-idx1-ubyte.gz"), 10);
 * }</pre>
 *
 * <p>Every problem is an {@link IdxFormatException} naming the file, the byte offset in the
 * decompressed bytes and what was expected versus found.
 */
public final class IdxReader {

    /** Largest payload a Java byte array holds comfortably. */
    static final long MAX_PAYLOAD = Integer.MAX_VALUE - 64;
    /** Gzip payloads have no known size up front: allocate at most this much before the data proves it exists. */
    private static final int GZIP_INITIAL_ALLOCATION = 256 << 20;
    private static final int STREAM_BUFFER = 1 << 16;

    private IdxReader() {
    }

    /**
     * Reads and validates one IDX file.
     *
     * @param file   raw or gzip-compressed IDX file
     * @param kind   what the file must hold
     * @param sha256 whether to compute the SHA-256 of the decompressed bytes while reading
     * @throws IdxFormatException   if the content is malformed or the gzip stream is corrupt
     * @throws UncheckedIOException if the file cannot be read at all
     */
    public static IdxFile read(Path file, IdxKind kind, boolean sha256) {
        String name = file.getFileName().toString();
        try (InputStream raw = Files.newInputStream(file)) {
            BufferedInputStream buffered = new BufferedInputStream(raw, STREAM_BUFFER);
            buffered.mark(2);
            boolean gzip = buffered.read() == 0x1f && buffered.read() == 0x8b;
            buffered.reset();
            long knownSize = gzip ? -1 : Files.size(file);
            MessageDigest digest = sha256 ? sha256() : null;
            if (gzip) {
                long headerBytes = gzipHeaderBytes(buffered);
                Gunzip unzipped;
                try {
                    unzipped = new Gunzip(buffered, headerBytes);
                } catch (ZipException | EOFException e) {
                    throw corruptGzip(name, -1, 0, e);
                }
                InputStream in = digest == null ? unzipped : new DigestInputStream(unzipped, digest);
                return new Parser(file, name, kind, in, unzipped, -1).parse(digest);
            }
            InputStream in = digest == null ? buffered : new DigestInputStream(buffered, digest);
            return new Parser(file, name, kind, in, null, knownSize).parse(digest);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads an image file and its label file into features {@code [n, rows*cols]} scaled to [0, 1]
     * (value / 255) and int labels, checking that counts agree and labels are in {@code [0, numClasses)}.
     */
    public static LabeledData load(Path images, Path labels, int numClasses) {
        return toLabeledData(read(images, IdxKind.IMAGES, false), read(labels, IdxKind.LABELS, false), numClasses, null);
    }

    /**
     * Builds labelled data from an image file and a label file read by {@link #read}.
     *
     * @param selection indices of the examples to keep, in the order to keep them; null for all, in file order
     * @throws IdxFormatException if the counts disagree or a label is out of range
     */
    public static LabeledData toLabeledData(IdxFile images, IdxFile labels, int numClasses, int[] selection) {
        if (images.kind() != IdxKind.IMAGES || labels.kind() != IdxKind.LABELS) {
            throw new IllegalArgumentException("expected an image file and a label file, got " + images + " and " + labels);
        }
        if (labels.count() != images.count()) {
            throw new IdxFormatException(labels.name() + ": label count mismatch at byte offset 4: expected "
                    + images.count() + " (the image count in " + images.name() + "), found " + labels.count());
        }
        byte[] labelBytes = labels.payload();
        for (int i = 0; i < labelBytes.length; i++) {
            int label = labelBytes[i] & 0xff;
            if (label >= numClasses) {
                throw new IdxFormatException(labels.name() + ": label out of range at byte offset "
                        + (IdxKind.LABELS.headerBytes() + i) + ": expected 0.." + (numClasses - 1) + ", found " + label);
            }
        }
        int n = images.count();
        int[] chosen = selection == null ? identity(n) : selection;
        int rows = images.dims()[1];
        int cols = images.dims()[2];
        int d = rows * cols;
        if ((long) chosen.length * d > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(chosen.length + " images of " + d + " pixels do not fit one float array");
        }
        float[] scale = new float[256];
        for (int v = 0; v < 256; v++) {
            scale[v] = v / 255f;
        }
        byte[] pixels = images.payload();
        // Written straight into the array's own (off-heap) buffer: a heap copy would cost its size again in the JVM
        // heap, which the heap keeps committed afterwards (188 MB for MNIST's training set).
        INDArray array = Nd4j.create(DataType.FLOAT, chosen.length, d);
        java.nio.FloatBuffer features = array.data().asNioFloat();
        float[] image = new float[d];
        int[] out = new int[chosen.length];
        for (int i = 0; i < chosen.length; i++) {
            int index = chosen[i];
            if (index < 0 || index >= n) {
                throw new IllegalArgumentException("selection index " + index + " outside [0, " + n + ")");
            }
            out[i] = labelBytes[index] & 0xff;
            int src = index * d;
            for (int j = 0; j < d; j++) {
                image[j] = scale[pixels[src + j] & 0xff];
            }
            features.put(i * d, image);
        }
        return new LabeledData(array, out, new InputShape(1, rows, cols), numClasses);
    }

    private static int[] identity(int n) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        return all;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /**
     * {@code compressed}: the offset in the file where reading failed, -1 if unknown; {@code decompressed}: the bytes
     * decompressed before it (all of them when the trailer's CRC-32 or size is wrong).
     */
    static IdxFormatException corruptGzip(String name, long compressed, long decompressed, IOException e) {
        return new IdxFormatException(name + ": corrupt gzip stream at "
                + (compressed < 0 ? "an unknown compressed byte offset" : "compressed byte offset " + compressed)
                + " (after " + decompressed + " decompressed bytes): "
                + (e instanceof EOFException ? "compressed data ends early (" + e.getMessage() + ")" : e.getMessage()), e);
    }

    /**
     * Bytes of the first gzip member's header (10, more with the optional name, comment, extra field or header CRC),
     * read ahead from {@code in} and reset; -1 if the header does not fit the look-ahead (its offsets are then unknown).
     */
    static long gzipHeaderBytes(BufferedInputStream in) throws IOException {
        int limit = 4096;
        in.mark(limit);
        try {
            byte[] head = in.readNBytes(limit);
            if (head.length < 10) {
                return -1;
            }
            int flags = head[3] & 0xff;
            int at = 10;
            if ((flags & 4) != 0) { // FEXTRA
                at = head.length < at + 2 ? limit : at + 2 + ((head[at] & 0xff) | (head[at + 1] & 0xff) << 8);
            }
            for (int bit : new int[] {8, 16}) { // FNAME, FCOMMENT: zero-terminated
                if ((flags & bit) != 0) {
                    while (at < head.length && head[at] != 0) {
                        at++;
                    }
                    at++;
                }
            }
            if ((flags & 2) != 0) { // FHCRC
                at += 2;
            }
            return at <= head.length ? at : -1;
        } finally {
            in.reset();
        }
    }

    /** A gzip stream that knows where in the file it is: header plus the compressed bytes the inflater consumed. */
    static final class Gunzip extends GZIPInputStream {
        private final long headerBytes;

        Gunzip(InputStream in, long headerBytes) throws IOException {
            super(in, STREAM_BUFFER);
            this.headerBytes = headerBytes;
        }

        /** The compressed offset reached, -1 if unknown. */
        long compressedOffset() {
            return headerBytes < 0 ? -1 : headerBytes + inf.getBytesRead();
        }
    }

    /** One pass over one file; tracks the decompressed offset for messages. */
    private static final class Parser {
        private final Path file;
        private final String name;
        private final IdxKind kind;
        private final InputStream in;
        private final Gunzip gunzip;
        private final boolean gzip;
        private final long knownSize;
        private long offset;

        Parser(Path file, String name, IdxKind kind, InputStream in, Gunzip gunzip, long knownSize) {
            this.file = file;
            this.name = name;
            this.kind = kind;
            this.in = in;
            this.gunzip = gunzip;
            this.gzip = gunzip != null;
            this.knownSize = knownSize;
        }

        IdxFile parse(MessageDigest digest) throws IOException {
            int headerBytes = kind.headerBytes();
            byte[] header = new byte[headerBytes];
            int got = readFully(header, 0, headerBytes);
            if (got < 4) {
                throw truncatedHeader(got);
            }
            int magic = bigEndian(header, 0);
            if (magic != kind.magic()) {
                throw new IdxFormatException(name + ": bad magic number at byte offset 0: expected "
                        + hex(kind.magic()) + " (" + kind.label() + "), found " + hex(magic) + describeMagic(magic));
            }
            if (got < headerBytes) {
                throw truncatedHeader(got);
            }
            int[] dims = new int[kind.dimensions()];
            long payloadBytes = 1;
            for (int i = 0; i < dims.length; i++) {
                long size = bigEndian(header, 4 + 4 * i) & 0xffffffffL;
                if (size < 1 || size > Integer.MAX_VALUE) {
                    throw new IdxFormatException(name + ": bad dimension at byte offset " + (4 + 4 * i) + ": expected "
                            + kind.dimensionName(i) + " in 1.." + Integer.MAX_VALUE + ", found " + size);
                }
                dims[i] = (int) size;
                payloadBytes *= size;
                if (payloadBytes > MAX_PAYLOAD) {
                    throw new IdxFormatException(name + ": payload too large at byte offset " + (4 + 4 * i)
                            + ": expected at most " + MAX_PAYLOAD + " bytes, header dimensions multiply to more");
                }
            }
            long expectedTotal = headerBytes + payloadBytes;
            if (knownSize >= 0 && knownSize < expectedTotal) {
                throw truncated(dims, expectedTotal, knownSize);
            }
            if (knownSize > expectedTotal) {
                throw trailing(dims, expectedTotal, knownSize);
            }
            byte[] payload = readPayload((int) payloadBytes);
            if (offset < expectedTotal) {
                throw truncated(dims, expectedTotal, offset);
            }
            long extra = countRemaining();
            if (extra > 0) {
                throw trailing(dims, expectedTotal, expectedTotal + extra);
            }
            String sha = digest == null ? null : HexFormat.of().formatHex(digest.digest());
            return new IdxFile(file, kind, dims, payload, sha, gzip);
        }

        private byte[] readPayload(int size) throws IOException {
            byte[] buffer = new byte[gzip ? Math.min(size, GZIP_INITIAL_ALLOCATION) : size];
            int n = 0;
            while (n < size) {
                if (n == buffer.length) {
                    buffer = java.util.Arrays.copyOf(buffer, (int) Math.min(size, 2L * buffer.length));
                }
                int r = read(buffer, n, buffer.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            return buffer;
        }

        private int readFully(byte[] buffer, int from, int length) throws IOException {
            int n = 0;
            while (n < length) {
                int r = read(buffer, from + n, length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            return n;
        }

        private long countRemaining() throws IOException {
            byte[] scratch = new byte[STREAM_BUFFER];
            long extra = 0;
            int r;
            while ((r = read(scratch, 0, scratch.length)) >= 0) {
                extra += r;
            }
            return extra;
        }

        /** Every read goes through here, so a gzip failure is reported at the offset reached. */
        private int read(byte[] buffer, int from, int length) throws IOException {
            try {
                int r = in.read(buffer, from, length);
                if (r > 0) {
                    offset += r;
                }
                return r;
            } catch (ZipException | EOFException e) {
                if (!gzip) {
                    throw e;
                }
                throw corruptGzip(name, gunzip.compressedOffset(), offset, e);
            }
        }

        private IdxFormatException truncatedHeader(int got) {
            return new IdxFormatException(name + ": truncated at byte offset " + got + ": expected a header of "
                    + kind.headerBytes() + " bytes (magic number and " + kind.dimensions() + " dimension size"
                    + (kind.dimensions() == 1 ? "" : "s") + "), found " + got);
        }

        private IdxFormatException truncated(int[] dims, long expectedTotal, long found) {
            return new IdxFormatException(name + ": truncated at byte offset " + found + ": expected " + expectedTotal
                    + " bytes (header says " + IdxFile.dimsText(dims) + "), found " + found);
        }

        private IdxFormatException trailing(int[] dims, long expectedTotal, long found) {
            return new IdxFormatException(name + ": unexpected data after the payload at byte offset " + expectedTotal
                    + ": expected " + expectedTotal + " bytes (header says " + IdxFile.dimsText(dims) + "), found " + found);
        }
    }

    private static int bigEndian(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    static String hex(int value) {
        return String.format("0x%08x", value);
    }

    /** A hint for magic numbers other than our two kinds. */
    private static String describeMagic(int magic) {
        if (magic == IdxKind.IMAGES.magic() || magic == IdxKind.LABELS.magic()) {
            return "";
        }
        if ((magic >>> 16) != 0) {
            return " (not an IDX file)";
        }
        int type = (magic >>> 8) & 0xff;
        int rank = magic & 0xff;
        String typeName = switch (type) {
            case 0x08 -> "unsigned byte";
            case 0x09 -> "signed byte";
            case 0x0b -> "short";
            case 0x0c -> "int";
            case 0x0d -> "float";
            case 0x0e -> "double";
            default -> "unknown type 0x" + Integer.toHexString(type);
        };
        return " (" + typeName + ", " + rank + " dimension" + (rank == 1 ? "" : "s") + ")";
    }
}
