package org.raven.core;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Temp files for write-then-rename, named {@code .<target>.<random>.tmp} next to their target. Created like any
 * file (mode 0666 less the umask), unlike {@link Files#createTempFile}'s 0600, which would survive the rename and
 * hide results and checkpoints from group members and from executors running as another user. The fixed name
 * shape lets a later run find and delete what a killed write left behind ({@link #clean}).
 */
public final class TempFiles {

    private static final String SUFFIX = ".tmp";

    private TempFiles() {
    }

    /** A new, empty temp file in {@code dir} for a file named {@code target}. */
    public static Path create(Path dir, String target) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path temp = dir.resolve("." + target + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
                    + SUFFIX);
            try {
                Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return temp;
            } catch (FileAlreadyExistsException e) {
                if (attempt > 8) {
                    throw e;
                }
            }
        }
    }

    /** Whether {@code file}'s name has the shape of {@link #create}'s. */
    public static boolean isTemp(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") && name.endsWith(SUFFIX) && name.length() > 1 + SUFFIX.length();
    }

    /**
     * Deletes the temp files of killed writes in {@code dir} and its subfolders down to {@code depth} (1: {@code dir}
     * only); call only while no other process writes there (under the folder's lock).
     *
     * @return the files deleted
     */
    public static List<Path> clean(Path dir, int depth) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> stray;
        try (Stream<Path> files = Files.walk(dir, depth)) {
            stray = files.filter(Files::isRegularFile).filter(TempFiles::isTemp).toList();
        }
        for (Path file : stray) {
            Files.deleteIfExists(file);
        }
        return stray;
    }
}
