package org.raven.datasets;

/**
 * An IDX file is malformed. The message names the file, the byte offset (in the decompressed bytes)
 * and what was expected versus found, for example
 * {@code train-labels-idx1-ubyte: bad magic number at byte offset 0: expected 0x00000801 (labels), found 0x00000803}.
 */
public class IdxFormatException extends DatasetException {

    private static final long serialVersionUID = 1L;

    public IdxFormatException(String message) {
        super(message);
    }

    public IdxFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
