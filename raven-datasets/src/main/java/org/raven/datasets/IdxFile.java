package org.raven.datasets;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The content of one IDX file after validation: its dimensions, the raw unsigned-byte payload
 * (header stripped) and, when asked for, the SHA-256 of all decompressed bytes (header included),
 * computed while reading.
 *
 * @param file    where it was read from
 * @param kind    images or labels
 * @param dims    the sizes from the header, for example {@code [60000, 28, 28]}
 * @param payload {@code product(dims)} bytes; shared, not copied: do not modify
 * @param sha256  lower-case hex digest of the decompressed file, or null when not computed
 * @param gzip    whether the file was gzip-compressed
 */
public record IdxFile(Path file, IdxKind kind, int[] dims, byte[] payload, String sha256, boolean gzip) {

    /** The first dimension: number of images or labels. */
    public int count() {
        return dims[0];
    }

    /** Bytes per item: rows x columns for images, 1 for labels. */
    public int itemSize() {
        int size = 1;
        for (int i = 1; i < dims.length; i++) {
            size *= dims[i];
        }
        return size;
    }

    /** The file name, as used in messages. */
    public String name() {
        return file.getFileName().toString();
    }

    /** {@code 10000 x 28 x 28}. */
    static String dimsText(int[] dims) {
        return Arrays.stream(dims).mapToObj(Integer::toString).collect(Collectors.joining(" x "));
    }

    @Override
    public String toString() {
        return "IdxFile[" + file + ", " + kind.label() + " " + dimsText(dims) + (sha256 == null ? "" : ", sha256 " + sha256) + "]";
    }
}
