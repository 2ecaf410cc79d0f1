package org.raven.eval.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.raven.core.TempFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lock a process holds on a cell folder while it computes the cell ({@code cell.lock}, an OS file lock, so it
 * is released when the process dies, however it dies). Two runs on one folder (a {@code --resume} started while the
 * workers of a killed run still train) then never train the same cell into the same checkpoints. The file holds
 * the owner's process id, for the message. Whoever takes the lock first deletes the temp files of writes that
 * an earlier, killed process left in the folder.
 */
public final class CellLock implements AutoCloseable {

    public static final String FILE = "cell.lock";
    private static final Logger LOG = LoggerFactory.getLogger(CellLock.class);

    private final FileChannel channel;
    private final FileLock lock;

    private CellLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code dir} for this process.
     *
     * @throws CellLockedException if another process (or another thread here) holds it, naming that process
     */
    public static CellLock acquire(Path dir) {
        Path file = dir.resolve(FILE);
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                String owner = owner(channel);
                channel.close();
                throw new CellLockedException(dir + ": this cell is being computed by " + owner + " (" + FILE
                        + " is locked); wait for that run to finish or stop it, then --resume");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            List<Path> stray = TempFiles.clean(dir, 3); // checkpoints/<model>/ included
            if (!stray.isEmpty()) {
                LOG.info("{}: removed {} temp file(s) of interrupted writes", dir, stray.size());
            }
            return new CellLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    /** The channel's lock, or null when another process holds it or this JVM does (which the OS would not refuse). */
    static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    /** {@code process 1234 (alive)} from the file's content, or {@code another process} if it names none. */
    private static String owner(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
        try {
            long pid = Long.parseLong(text);
            if (pid == ProcessHandle.current().pid()) {
                return "this process";
            }
            return "process " + pid + (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) ? " (alive)" : "");
        } catch (NumberFormatException e) {
            return "another process";
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // Closing the channel releases it too.
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing left to release.
            }
        }
    }

    /** The cell is locked by a live process; the message says which and what to do. */
    public static final class CellLockedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CellLockedException(String message) {
            super(message);
        }
    }
}
