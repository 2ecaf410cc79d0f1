package org.raven.api.data;

/** A labelled image dataset with a train and a test split, already loaded and verified. */
public interface Dataset {

    /** Human-readable name and source, for logs and provenance, for example {@code fashion-mnist (/usr/share/datasets/fashion-mnist)}. */
    String description();

    LabeledData train();

    LabeledData test();

    /**
     * The files this dataset was read from, each path (absolute) with the SHA-256 of its bytes as stored, for
     * provenance; empty for data made in memory.
     */
    default java.util.Map<String, String> files() {
        return java.util.Map.of();
    }
}
