package org.raven.datasets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Builds tiny IDX files for tests: pixel (i, j) of image k is {@code (k * 31 + j * 7) % 256}, label k is {@code k % 10}. */
final class TinyIdx {

    private TinyIdx() {
    }

    static byte[] images(int count, int rows, int cols) {
        ByteBuffer buffer = ByteBuffer.allocate(16 + count * rows * cols);
        buffer.putInt(0x803).putInt(count).putInt(rows).putInt(cols);
        for (int k = 0; k < count; k++) {
            for (int j = 0; j < rows * cols; j++) {
                buffer.put((byte) pixel(k, j));
            }
        }
        return buffer.array();
    }

    static int pixel(int k, int j) {
        return (k * 31 + j * 7) % 256;
    }

    static byte[] labels(int count, int classes) {
        ByteBuffer buffer = ByteBuffer.allocate(8 + count);
        buffer.putInt(0x801).putInt(count);
        for (int k = 0; k < count; k++) {
            buffer.put((byte) (k % classes));
        }
        return buffer.array();
    }

    static byte[] gzip(byte[] raw) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(raw);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] bytes) {
        return digest("SHA-256", bytes);
    }

    static String md5(byte[] bytes) {
        return digest("MD5", bytes);
    }

    private static String digest(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The raw bytes of the four files of a tiny dataset: {@code train} and {@code test} images of 4 x 3 pixels. */
    static Map<IdxSplitFile, byte[]> dataset(int train, int test) {
        Map<IdxSplitFile, byte[]> files = new EnumMap<>(IdxSplitFile.class);
        files.put(IdxSplitFile.TRAIN_IMAGES, images(train, 4, 3));
        files.put(IdxSplitFile.TRAIN_LABELS, labels(train, 10));
        files.put(IdxSplitFile.TEST_IMAGES, images(test, 4, 3));
        files.put(IdxSplitFile.TEST_LABELS, labels(test, 10));
        return files;
    }

    /** Writes a tiny dataset into {@code folder}, gzipped or raw, under the official names. */
    static Path writeDataset(Path folder, int train, int test, boolean gzip) {
        dataset(train, test).forEach((role, raw) ->
                write(folder.resolve(role.baseName() + (gzip ? ".gz" : "")), gzip ? gzip(raw) : raw));
        return folder;
    }

    /** A release whose digests are those of {@link #dataset}, so that verification passes on tiny files. */
    static Release release(String name, String tag, int train, int test) {
        Map<IdxSplitFile, String> digests = new EnumMap<>(IdxSplitFile.class);
        dataset(train, test).forEach((role, raw) -> digests.put(role, sha256(raw)));
        return new Release(name, tag, digests);
    }
}
