package org.raven.datasets;

/** The two IDX payloads we read: unsigned-byte images (3 dimensions) and unsigned-byte labels (1 dimension). */
public enum IdxKind {
    /** Magic 0x00000803: count x rows x columns unsigned bytes. */
    IMAGES(0x00000803, "images", new String[] {"count", "rows", "columns"}),
    /** Magic 0x00000801: count unsigned bytes. */
    LABELS(0x00000801, "labels", new String[] {"count"});

    private final int magic;
    private final String label;
    private final String[] dimensionNames;

    IdxKind(int magic, String label, String[] dimensionNames) {
        this.magic = magic;
        this.label = label;
        this.dimensionNames = dimensionNames;
    }

    /** The big-endian magic number: two zero bytes, data type 0x08 (unsigned byte), number of dimensions. */
    public int magic() {
        return magic;
    }

    public int dimensions() {
        return dimensionNames.length;
    }

    /** Bytes before the payload: the magic number and one 4-byte size per dimension. */
    public int headerBytes() {
        return 4 + 4 * dimensions();
    }

    String label() {
        return label;
    }

    String dimensionName(int i) {
        return dimensionNames[i];
    }
}
