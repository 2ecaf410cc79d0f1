package org.raven.core;

import java.io.IOException;

/**
 * A file whose content cannot be used: empty, truncated, of another kind or format, failing its checksum, or holding
 * a length or value that cannot be right. The message names the file and, where it applies, the offset.
 */
public class CorruptFileException extends IOException {

    private static final long serialVersionUID = 1L;

    public CorruptFileException(String message) {
        super(message);
    }
}
