package org.raven.eval.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.raven.api.PluginException;
import org.raven.core.CorruptFileException;
import org.raven.datasets.DatasetException;
import org.raven.eval.run.CellLock;

/**
 * Which failures are the user's to fix (exit 2, the message alone) rather than RAVEN's (exit 1): bad or damaged
 * data and files, a folder that cannot be written or a path through a regular file, a name the file system
 * refuses, a cell another run holds. Found anywhere in the chain of causes, since I/O errors arrive wrapped.
 */
final class UserErrors {

    private UserErrors() {
    }

    /** The message for the user error among {@code e}'s causes, naming the file; null if there is none. */
    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DatasetException || t instanceof CorruptFileException || t instanceof PluginException
                    || t instanceof CellLock.CellLockedException) {
                return t.getMessage();
            }
            if (t instanceof AccessDeniedException a) {
                return a.getFile() + ": permission denied; check the permissions of the folder or choose another --out";
            }
            if (t instanceof NotDirectoryException || t instanceof FileAlreadyExistsException) {
                return ((FileSystemException) t).getFile() + ": not a folder (a regular file is in the way of a folder"
                        + " RAVEN needs there); choose another --out";
            }
            if (t instanceof NoSuchFileException n) {
                return n.getFile() + ": no such file or folder";
            }
            if (t instanceof FileSystemException f && "Not a directory".equals(f.getReason())) {
                return f.getFile() + ": not a folder (a regular file is in the way of a folder RAVEN needs there);"
                        + " choose another --out";
            }
            if (t instanceof FileSystemException f && f.getReason() != null) {
                return f.getFile() + ": " + f.getReason(); // for example "Read-only file system", "No space left on device"
            }
            if (t instanceof InvalidPathException p) {
                return "'" + p.getInput().replace("\0", "\\0") + "': not a valid path: " + p.getReason();
            }
        }
        return null;
    }
}
