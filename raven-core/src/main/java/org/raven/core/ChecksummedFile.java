package org.raven.core;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UTFDataFormatException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A binary file that proves its own integrity: magic (8 bytes), format number (int), the file's size in bytes
 * (long), body, then the SHA-256 of everything before it (32 bytes). Written to a temp file, forced to disk and
 * renamed atomically, so a crash leaves the old file or the new one, never a torn one. Read back only when the
 * magic, the format, the size and the checksum are right; while the body is parsed every count and length is
 * checked against the bytes that are left, so a corrupt length is a {@link CorruptFileException} naming the file
 * and offset, never an OutOfMemoryError.
 */
public final class ChecksummedFile {

    /** Bytes of the SHA-256 trailer. */
    public static final int TRAILER = 32;
    /** Bytes before the body: magic, format, size. */
    public static final int HEADER = 8 + 4 + 8;
    private static final int SIZE_AT = 8 + 4;

    private ChecksummedFile() {
    }

    /** Writes the body of a file. */
    @FunctionalInterface
    public interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    /** Writes {@code magic}, {@code format}, the size, {@code body} and the checksum to {@code file}, atomically. */
    public static void write(Path file, byte[] magic, int format, Body body) throws IOException {
        if (magic.length != 8) {
            throw new IllegalArgumentException("magic must be 8 bytes");
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = TempFiles.create(dir, file.getFileName().toString());
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16));
                out.write(magic);
                out.writeInt(format);
                out.writeLong(0); // the size, known once the body is written
                body.write(out);
                out.flush();
                long size = channel.position() + TRAILER;
                channel.write(ByteBuffer.allocate(8).putLong(0, size), SIZE_AT);
                MessageDigest sha = sha256();
                ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
                for (long at = 0; at < size - TRAILER; ) {
                    buffer.clear().limit((int) Math.min(buffer.capacity(), size - TRAILER - at));
                    int n = channel.read(buffer, at);
                    if (n < 0) {
                        throw new IOException(tmp + ": shorter than just written");
                    }
                    sha.update(buffer.flip());
                    at += n;
                }
                channel.write(ByteBuffer.wrap(sha.digest()), size - TRAILER);
                channel.force(true); // on disk before the rename makes it visible
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Writes {@code text} as an int length and its UTF-8 bytes, for {@link Reader#readText}.
     *
     * @throws IllegalArgumentException if it is longer than {@code maxBytes} bytes
     */
    public static void writeText(DataOutputStream out, String text, int maxBytes, String what) throws IOException {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (bytes.length > maxBytes) {
            throw new IllegalArgumentException(what + " is " + bytes.length + " bytes, at most " + maxBytes + " fit");
        }
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /**
     * Opens {@code file} for reading its body after checking magic, format, size and checksum.
     *
     * @param kind what the file is, in messages ("RAVEN checkpoint")
     * @throws CorruptFileException if the file is empty, truncated, not of this kind, of another format or damaged
     */
    public static Reader open(Path file, byte[] magic, int format, String kind) throws IOException {
        return open(file, magic, format, format, kind);
    }

    /**
     * {@link #open(Path, byte[], int, String)} accepting formats {@code oldest} to {@code newest}; the reader's
     * {@link Reader#format()} says which one the file has.
     */
    public static Reader open(Path file, byte[] magic, int oldest, int newest, String kind) throws IOException {
        long size = Files.size(file);
        if (size == 0) {
            throw new CorruptFileException(file + ": empty file (0 bytes), not a " + kind);
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(HEADER);
        }
        int compared = Math.min(head.length, magic.length);
        if (!Arrays.equals(head, 0, compared, magic, 0, compared)) {
            throw new CorruptFileException(file + ": not a " + kind + " (bad magic at offset 0)");
        }
        if (head.length < SIZE_AT) {
            throw new CorruptFileException(file + ": truncated " + kind + " (" + size + " bytes, header incomplete)");
        }
        ByteBuffer header = ByteBuffer.wrap(head);
        int found = header.getInt(magic.length);
        if (found < oldest || found > newest) {
            throw new CorruptFileException(file + ": " + kind + " format " + found + " (offset " + magic.length + ") "
                    + (found < oldest && found > 0 ? "was written by an older RAVEN, without a checksum, and " : "")
                    + "is not supported; this RAVEN reads format " + (oldest == newest ? oldest : oldest + " to " + newest));
        }
        if (head.length < HEADER) {
            throw new CorruptFileException(file + ": truncated " + kind + " (" + size + " bytes, header incomplete)");
        }
        long declared = header.getLong(SIZE_AT);
        if (declared != size) {
            throw new CorruptFileException(file + ": " + (size < declared && declared >= HEADER + TRAILER
                    ? "truncated " + kind + ": " + size + " bytes of the " + declared
                    : "damaged " + kind + ": " + size + " bytes, but " + declared) + " declared at offset " + SIZE_AT);
        }
        if (size < HEADER + TRAILER) {
            throw new CorruptFileException(file + ": damaged " + kind + ": " + size + " bytes, too short for header and checksum");
        }
        long end = size - TRAILER;
        MessageDigest sha = sha256();
        byte[] trailer;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            byte[] buffer = new byte[1 << 16];
            long left = end;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new CorruptFileException(file + ": changed while it was read");
                }
                sha.update(buffer, 0, n);
                left -= n;
            }
            trailer = in.readNBytes(TRAILER);
        }
        byte[] computed = sha.digest();
        if (!Arrays.equals(computed, trailer)) {
            throw new CorruptFileException(file + ": damaged " + kind + ": the SHA-256 of bytes 0-" + end + " is "
                    + HexFormat.of().formatHex(computed, 0, 8) + "..., the checksum at offset " + end + " says "
                    + HexFormat.of().formatHex(trailer, 0, Math.min(8, trailer.length)) + "...");
        }
        Reader reader = new Reader(file, found, end, new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16)));
        reader.skipHeader();
        return reader;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a body in order, knowing its offset and how many bytes are left before the trailer; every read past
     * the body, and every count or length that the bytes left cannot hold, is a {@link CorruptFileException}
     * naming the file and offset.
     */
    public static final class Reader implements Closeable {
        private final Path file;
        private final int format;
        private final long end;
        private final DataInputStream in;
        private long offset;

        private Reader(Path file, int format, long end, DataInputStream in) {
            this.file = file;
            this.format = format;
            this.end = end;
            this.in = in;
        }

        private void skipHeader() throws IOException {
            in.readNBytes(HEADER);
            offset = HEADER;
        }

        public Path file() {
            return file;
        }

        /** The file's format number. */
        public int format() {
            return format;
        }

        /** Offset of the next byte. */
        public long offset() {
            return offset;
        }

        /** Bytes left before the trailer. */
        public long remaining() {
            return end - offset;
        }

        private void need(int bytes, String what) throws CorruptFileException {
            if (remaining() < bytes) {
                throw corrupt("truncated body: " + what + " at offset " + offset + " needs " + bytes + " bytes, "
                        + remaining() + " left");
            }
        }

        public byte readByte(String what) throws IOException {
            need(1, what);
            offset += 1;
            return in.readByte();
        }

        public int readInt(String what) throws IOException {
            need(4, what);
            offset += 4;
            return in.readInt();
        }

        public long readLong(String what) throws IOException {
            need(8, what);
            offset += 8;
            return in.readLong();
        }

        public float readFloat(String what) throws IOException {
            need(4, what);
            offset += 4;
            return in.readFloat();
        }

        public double readDouble(String what) throws IOException {
            need(8, what);
            offset += 8;
            return in.readDouble();
        }

        /** A string written by {@link DataOutputStream#writeUTF}. */
        public String readUTF(String what) throws IOException {
            long at = offset;
            need(2, what);
            int length = in.readUnsignedShort();
            offset += 2;
            if (length > remaining()) {
                throw corrupt("corrupt length " + length + " of " + what + " at offset " + at + " (" + remaining() + " bytes left)");
            }
            byte[] bytes = new byte[2 + length];
            bytes[0] = (byte) (length >>> 8);
            bytes[1] = (byte) length;
            in.readFully(bytes, 2, length);
            offset += length;
            try {
                return new DataInputStream(new ByteArrayInputStream(bytes)).readUTF();
            } catch (UTFDataFormatException e) {
                throw corrupt("malformed text of " + what + " at offset " + at);
            }
        }

        /**
         * UTF-8 text of at most {@code maxBytes} bytes after an int length (as {@link ChecksummedFile#writeText}
         * writes it); strictly decoded, so damage that passed the checksum (a buggy writer) is named, not replaced.
         */
        public String readText(String what, int maxBytes) throws IOException {
            long at = offset;
            int length = readCount("length of " + what, 1);
            if (length > maxBytes) {
                throw corrupt("corrupt length " + length + " of " + what + " at offset " + at + " (at most " + maxBytes + ")");
            }
            byte[] bytes = new byte[length];
            in.readFully(bytes);
            offset += length;
            try {
                return java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            } catch (java.nio.charset.CharacterCodingException e) {
                throw corrupt("malformed text of " + what + " at offset " + at);
            }
        }

        /**
         * A count of items of at least {@code bytesEach} bytes each: an int that is neither negative nor more than the
         * bytes left can hold.
         */
        public int readCount(String what, long bytesEach) throws IOException {
            long at = offset;
            int n = readInt(what);
            if (n < 0 || n * bytesEach > remaining()) {
                throw corrupt("corrupt " + what + " " + n + " at offset " + at + " (" + remaining() + " bytes left, "
                        + bytesEach + " per item)");
            }
            return n;
        }

        /** Checks that the body was read to its end. */
        public void expectEnd() throws CorruptFileException {
            if (remaining() != 0) {
                throw corrupt(remaining() + " unexpected bytes at offset " + offset + " before the checksum");
            }
        }

        /** A problem with the content, naming the file. */
        public CorruptFileException corrupt(String message) {
            return new CorruptFileException(file + ": " + message);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
