package org.raven.datasets;

/**
 * A dataset could not be loaded: nothing found where we looked, a failed download, a checksum that
 * does not match. The message says which file or URL and what to do about it.
 */
public class DatasetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
